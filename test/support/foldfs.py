"""A small FUSE file system that folds names as macOS (APFS) does: case and Unicode normalization.

Usage: foldfs.py BACKING MOUNTPOINT (stays in the foreground until unmounted). Every path is a
passthrough to BACKING, each name matched to an existing entry whose NFC, lower-case form is
the same (café.md in NFD opens café.md in NFC; Topic.md opens topic.md); a new name is kept as
given (case and normalization preserving, as APFS).
"""
import errno
import os
import sys
import unicodedata

try:
    import fuse
except ImportError:  # Debian's python3-fusepy names the module fusepy
    import fusepy as fuse


def fold(name):
    return unicodedata.normalize('NFC', name).lower()


class FoldFS(fuse.Operations):
    def __init__(self, root):
        self.root = root

    def real(self, path):
        """The backing path: each existing component matched by its fold, the rest as given."""
        cur = self.root
        for part in [p for p in path.split('/') if p]:
            found = part
            try:
                if not os.path.lexists(os.path.join(cur, part)):
                    found = next((n for n in os.listdir(cur) if fold(n) == fold(part)), part)
            except OSError:
                pass
            cur = os.path.join(cur, found)
        return cur

    def access(self, path, mode):
        if not os.access(self.real(path), mode):
            raise fuse.FuseOSError(errno.EACCES)

    def getattr(self, path, fh=None):
        st = os.lstat(self.real(path))
        keys = ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid', 'st_ino')
        out = {k: getattr(st, k) for k in keys}
        out.update(st_atime=st.st_atime_ns / 1e9, st_mtime=st.st_mtime_ns / 1e9, st_ctime=st.st_ctime_ns / 1e9)
        return out

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self.real(path))

    def readlink(self, path):
        return os.readlink(self.real(path))

    def chmod(self, path, mode):
        os.chmod(self.real(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self.real(path), uid, gid)

    def mkdir(self, path, mode):
        os.mkdir(self.real(path), mode)

    def rmdir(self, path):
        os.rmdir(self.real(path))

    def unlink(self, path):
        os.unlink(self.real(path))

    def symlink(self, target, source):
        os.symlink(source, self.real(target))

    # Hard links, as APFS has them (memsync sets a live file aside with one while it replaces it).
    def link(self, target, source):
        os.link(self.real(source), self.real(target))

    def rename(self, old, new):
        src = self.real(old)
        dst = self.real(new)
        # A new name for the same file (Topic.md -> topic.md) takes the name given, as APFS does.
        if os.path.exists(dst) and os.path.samefile(src, dst):
            dst = os.path.join(os.path.dirname(dst), os.path.basename(new))
        os.rename(src, dst)

    def utimens(self, path, times=None):
        os.utime(self.real(path), times)

    def statfs(self, path):
        st = os.statvfs(self.real(path))
        keys = ('f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree', 'f_files', 'f_flag',
                'f_frsize', 'f_namemax')
        return {k: getattr(st, k) for k in keys}

    def open(self, path, flags):
        return os.open(self.real(path), flags)

    def create(self, path, mode, fi=None):
        return os.open(self.real(path), os.O_RDWR | os.O_CREAT | os.O_TRUNC, mode)

    def read(self, path, length, offset, fh):
        os.lseek(fh, offset, os.SEEK_SET)
        return os.read(fh, length)

    def write(self, path, buf, offset, fh):
        os.lseek(fh, offset, os.SEEK_SET)
        return os.write(fh, buf)

    def truncate(self, path, length, fh=None):
        with open(self.real(path), 'r+') as f:
            f.truncate(length)

    def flush(self, path, fh):
        return os.fsync(fh)

    def release(self, path, fh):
        return os.close(fh)

    def fsync(self, path, datasync, fh):
        return os.fsync(fh)


if __name__ == '__main__':
    fuse.FUSE(FoldFS(sys.argv[1]), sys.argv[2], foreground=True, nothreads=True, use_ino=True)
