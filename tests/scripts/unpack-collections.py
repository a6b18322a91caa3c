"""Unpack some collections of a pip package of collections (the community `ansible` package) into this venv.

Usage, with the venv's Python: unpack-collections.py VENV REQUIREMENT NAMESPACE/NAME...
Only the named collections are unpacked: the rest of the package is never used.
"""

import glob
import os
import subprocess
import sys
import sysconfig
import tempfile
import zipfile


def main(venv, requirement, *names):
    if os.path.realpath(sys.prefix) != os.path.realpath(venv):
        sys.exit('unpack-collections.py runs with the Python of %s, not %s' % (venv, sys.prefix))
    prefixes = tuple('ansible_collections/%s/' % name for name in names)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, '-m', 'pip', 'download', '-q', '--no-deps', '--only-binary=:all:',
                        '--dest', folder, requirement], check=True)
        wheel, = glob.glob(os.path.join(folder, '*.whl'))
        with zipfile.ZipFile(wheel) as archive:
            members = [member for member in archive.namelist() if member.startswith(prefixes)]
            missing = [name for name, prefix in zip(names, prefixes) if not any(m.startswith(prefix) for m in members)]
            if missing:
                sys.exit('%s holds no collection %s' % (os.path.basename(wheel), ', '.join(missing)))
            archive.extractall(sysconfig.get_paths()['purelib'], members)


if __name__ == '__main__':
    main(*sys.argv[1:])
