import { describe, expect, it } from 'vitest';
import { loadOrder, moduleName } from './modules';

// Lines of Debian 6.1's modules.dep, as depmod writes them (virtio modular).
const dep61 = `kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/net/9p/9pnet.ko:
kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
kernel/fs/netfs/netfs.ko:
kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
kernel/drivers/virtio/virtio_pci_modern_dev.ko:
kernel/drivers/virtio/virtio_ring.ko:
kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
kernel/fs/overlayfs/overlay.ko:
kernel/drivers/net/veth.ko:
`;

describe('loadOrder', () => {
  it('puts every dependency before what needs it, each once', () => {
    const order = loadOrder(['virtio_pci', '9pnet_virtio', '9p', 'overlay', 'veth'], dep61, '').map(moduleName);
    expect(new Set(order).size).toBe(order.length);
    const before = (a: string, b: string) => expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
    before('virtio_ring', 'virtio');
    before('virtio', 'virtio_pci');
    before('9pnet', '9pnet_virtio');
    before('netfs', 'fscache');
    before('fscache', '9p');
    expect(order).toHaveLength(12);
  });

  it('skips built-in modules (6.12 builds virtio in)', () => {
    const builtin = 'kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/virtio/virtio.ko\nkernel/drivers/virtio/virtio_ring.ko\n';
    const order = loadOrder(['virtio_pci', '9pnet_virtio'], dep61, builtin).map(moduleName);
    expect(order).toEqual(['9pnet', '9pnet_virtio']);
  });

  it('names a module it cannot find, and who needed it', () => {
    expect(() => loadOrder(['9p'], 'kernel/fs/9p/9p.ko.xz: kernel/net/9p/9pnet.ko.xz\n', '')).toThrow(
      /module 9pnet \(needed by 9p\)/,
    );
  });

  it('reads compressed names and dashes', () => {
    expect(moduleName('kernel/net/9p/9pnet-virtio.ko.xz')).toBe('9pnet_virtio');
    expect(moduleName('kernel/fs/overlayfs/overlay.ko.zst')).toBe('overlay');
  });
});
