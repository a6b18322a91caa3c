# Offline stand-in for pip's get-pip.py bootstrap script, which ansible-test
# downloads from a host outside the package registries. It installs pip from
# the interpreter's bundled ensurepip wheel, then installs the requested
# packages (the pinned pip among them) from the package index.
import subprocess
import sys

GET_PIP_ONLY = {'--no-setuptools', '--no-wheel'}

subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'],
                      stdout=subprocess.DEVNULL)
args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install'] + args))
