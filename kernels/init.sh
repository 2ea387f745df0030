#!/bin/busybox sh
# PID 1 of a kernel-matrix guest (busybox, in the initramfs): load the
# modules 9p and overlayfs need, mount the host's root read-only over 9p
# under a tmpfs overlay, run the plan in a chroot, power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

# In dependency order, worked out on the host from modules.dep.
for m in $(cat /modules.order); do
  insmod "/modules/$m" || echo "odash-guest: insmod $m failed"
done

mkdir -p /lower /rw /root
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /lower
mount -t tmpfs -o size=2g tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /root
mkdir -p /root/mnt/odash
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results /root/mnt/odash

umount /proc /sys
. /root/mnt/odash/plan.env
chroot /root /bin/bash "$REPO/kernels/guest.sh"
sync
poweroff -f
