# Offline stand-in for pip's get-pip.py bootstrap script, which ansible-test
# downloads from a host outside the package registries; the test scripts make
# their virtualenvs (without pip) with it too. Like get-pip.py, it runs pip
# from a wheel (the one the interpreter bundles for ensurepip, where Debian or
# Python keeps it) to install the requested packages (pip among them) from the
# package index: pip is installed once, not by ensurepip and then again.
# Without a bundled wheel it installs that pip with ensurepip first.
#   python get-pip-offline.py [pip install options and requirements]
import glob
import os
import subprocess
import sys

import ensurepip

GET_PIP_ONLY = {'--no-setuptools', '--no-wheel'}
RUN_PIP = 'import sys; sys.path.insert(0, sys.argv.pop(1)); from pip._internal.cli.main import main; sys.exit(main())'


def bundled_pip_wheel():
    here = os.path.dirname(ensurepip.__file__)
    for pattern in (os.path.join(here, '_bundled', 'pip-*.whl'), '/usr/share/python-wheels/pip-*.whl'):
        wheels = sorted(glob.glob(pattern))
        if wheels:
            return wheels[-1]
    return None


args = ['install'] + [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
wheel = bundled_pip_wheel()
if wheel:
    sys.exit(subprocess.call([sys.executable, '-c', RUN_PIP, wheel] + args))
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'], stdout=subprocess.DEVNULL)
sys.exit(subprocess.call([sys.executable, '-m', 'pip'] + args))
