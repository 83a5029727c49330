# Scenario 2: every other name for the Docker socket reaches the same inode
# and is refused alike; an unprotected socket beside it is not.
. /tests/lib.sh

listen unix:/run/docker.sock
listen unix:/run/other.sock
mkdir -p /tmp/alias /tmp/jail/run
touch /tmp/alias/bound.sock
mount --bind /run/docker.sock /tmp/alias/bound.sock
ln -s /run/docker.sock /tmp/alias/symlink.sock
ln /run/docker.sock /run/hardlink.sock
mount --bind /run /tmp/jail/run
start_sockfence || finish

u="--uid $TEST_UID --gid $TEST_UID"
expect EPERM unix:/var/run/docker.sock $u
expect EPERM unix:/run/docker.sock $u
expect EPERM unix:/tmp/alias/bound.sock $u
expect EPERM unix:/tmp/alias/symlink.sock $u
expect EPERM unix:/run/hardlink.sock $u
expect EPERM unix:/proc/self/root/var/run/docker.sock $u
expect EPERM unix:docker.sock --chdir /run $u
expect EPERM unix:../run/docker.sock --chdir /var $u
expect EPERM unix:/run/docker.sock --chroot /tmp/jail $u
expect ok unix:/run/other.sock $u
# The aliases really are the socket: root reaches it through each of them.
expect ok unix:/tmp/alias/bound.sock
expect ok unix:/run/hardlink.sock
umount /tmp/jail/run /tmp/alias/bound.sock
rm -f /run/hardlink.sock
finish
