import { describe, expect, it } from 'vitest';
import { describeCgroup } from './cgroup-path';

const ID = 'a3f1'.repeat(16);
const ID2 = '0123456789abcdef'.repeat(4);
const POD = 'pod1b2c3d4e-0000-4000-8000-123456789abc';
const POD_ = 'pod1b2c3d4e_0000_4000_8000_123456789abc';

describe('describeCgroup: the unit', () => {
  it.each([
    ['/system.slice/odash-probe.service', 'odash-probe.service'],
    ['/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service', 'user@1000.service'],
    ['/user.slice/user-1000.slice/session-3.scope', 'session-3.scope'],
    [`/system.slice/docker-${ID}.scope`, `docker-${ID}.scope`],
    [`/system.slice/docker-${ID}.scope/init.scope`, `docker-${ID}.scope`],
    ['/init.scope', 'init.scope'],
    ['/system.slice/systemd-fsck@dev-disk-by\\x2duuid-1.service', 'systemd-fsck@dev-disk-by\\x2duuid-1.service'],
    ['/system.slice/getty@tty1@x.service', 'getty@tty1@x.service'],
    ['//system.slice///cron.service/', 'cron.service'],
    ['system.slice/cron.service', 'cron.service'],
    ['/system.slice/_cpu.service', 'cpu.service'], // escaped by systemd: clashes with the cpu controller's files
    ['/_system.slice/a.scope', 'a.scope'],
  ])('%s -> %s', (path, unit) => {
    expect(describeCgroup(path).unit).toBe(unit);
  });

  it.each([
    ['/'],
    [''],
    ['/foo'],
    ['/foo/bar.service'], // not under slices only
    ['/system.slice'],
    ['/system.slice/home.mount'],
    ['/system.slice/foo.slice'],
    ['/system.slice/.service'],
    ['/system.slice/@x.service'], // empty prefix
    ['/system.slice/getty@.service'], // a template
    ['/system.slice/foo.service\n'],
    ['/system.slice/foo\n.service'],
    ['/system.slice/f o.service'],
    ['/system.slice/fö.service'],
    ['/system.slice/foo.SERVICE'],
    ['/bad\nname.slice/foo.service'],
    [`/system.slice/${'a'.repeat(248)}.service`], // 256 bytes: one past systemd's limit
  ])('%j has none', (path) => {
    expect(describeCgroup(path).unit).toBeNull();
  });

  it('takes names up to systemd limit of 255 bytes', () => {
    const name = `${'a'.repeat(247)}.service`;
    expect(describeCgroup(`/system.slice/${name}`).unit).toBe(name);
  });
});

describe('describeCgroup: the container', () => {
  it.each([
    [`/system.slice/docker-${ID}.scope`, ID],
    [`/system.slice/docker-${ID}.scope/init.scope`, ID],
    [`/docker/${ID}`, ID],
    [`/docker/${ID}/docker/${ID2}`, ID2],
    [`/system.slice/docker-${ID}.scope/docker/${ID2}`, ID2],
    [`/system.slice/containerd.service/x/cri-containerd-${ID}.scope`, ID],
    [`/machine.slice/crio-${ID}.scope`, ID],
    [`/machine.slice/libpod-${ID}.scope`, ID],
    [`/machine.slice/libpod-${ID}.scope/container`, ID],
    [`/kubepods/besteffort/${POD}/${ID}`, ID],
    [`/kubepods/${POD}/${ID}`, ID],
    [`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-${POD_}.slice/cri-containerd-${ID}.scope`, ID],
    [`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-${POD_}.slice/crio-${ID}.scope`, ID],
    [`/docker/${ID}/machine.slice/crio-conmon-${ID2}.scope`, ID], // a monitor inside a container
  ])('%s -> %s', (path, id) => {
    expect(describeCgroup(path).container).toBe(id);
  });

  it.each([
    ['/'],
    ['/system.slice/docker.service'],
    [`/machine.slice/crio-conmon-${ID}.scope`],
    [`/machine.slice/libpod-conmon-${ID}.scope`],
    [`/kubepods.slice/kubepods-pod1.slice/crio-conmon-${ID}.scope`],
    [`/system.slice/docker-${ID.slice(1)}.scope`], // 63 digits
    [`/system.slice/docker-${ID}0.scope`], // 65
    [`/docker/${ID.slice(1)}`],
    [`/docker/${ID}0`],
    [`/system.slice/docker-${ID.toUpperCase()}.scope`],
    [`/system.slice/docker-${ID}.scope\n`],
    [`/system.slice/docker-${ID}\n.scope`],
    [`/docker/${ID}\n`],
    [`/${ID}`], // a bare id with no runtime above it
    [`/system.slice/${ID}`],
    [`/kubepods/besteffort/${ID}`],
    [`/system.slice/foo-${ID}.scope`],
    [`/system.slice/docker-${ID}.service`],
  ])('%j has none', (path) => {
    expect(describeCgroup(path).container).toBeNull();
  });
});

describe('describeCgroup on hostile input', () => {
  it('answers in linear time on very long paths', () => {
    const deep = `/system.slice/docker-${ID}.scope${'/x'.repeat(500_000)}`;
    const wide = `/system.slice/${'a'.repeat(1_000_000)}.service`;
    const digits = `/docker/${'a'.repeat(1_000_000)}`;
    const t0 = performance.now();
    expect(describeCgroup(deep)).toEqual({ unit: `docker-${ID}.scope`, container: ID });
    expect(describeCgroup(wide)).toEqual({ unit: null, container: null });
    expect(describeCgroup(digits)).toEqual({ unit: null, container: null });
    expect(describeCgroup('/a.slice'.repeat(100_000))).toEqual({ unit: null, container: null });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('never throws, whatever the bytes', () => {
    for (const path of ['\0', '/\0/\0', '\uD800', '/..', '/./../a.service', '/%s%n', '/\r\n.slice/x.service']) {
      expect(describeCgroup(path)).toEqual({ unit: null, container: null });
    }
  });
});
