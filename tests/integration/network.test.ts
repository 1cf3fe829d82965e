// A build never goes online: run end to end under strace, with an article that asks for images, fonts and a DNS
// prefetch from the internet, no connection or DNS lookup leaves the machine, from leaflet or from Chromium's own
// background services.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, copySamples, TEST_ENV } from './cli.js';

/** Whether an address printed by strace is this machine's own. */
const isLoopback = (address: string): boolean => /^(127\.|::1$|::ffff:127\.)/.test(address);

/**
 * The network traffic in an strace log (`-f -yy -e trace=connect,sendto,sendmsg,sendmmsg`) that would leave the
 * machine: a TCP connection or a UDP datagram to another host, or any DNS query. A UDP socket "connected" to a host and
 * never written to sends nothing: Chromium does that at start-up to ask the kernel for its route to the internet.
 */
function trafficLeaving(log: string): string[] {
  const leaving: string[] = [];
  for (const line of log.split('\n')) {
    const call = /^\d+\s+(connect|sendto|sendmsg|sendmmsg)\(\d+<(\w+):\[([^\]]*)\]>(.*)$/.exec(line);
    if (!call) continue;
    const [, name = '', kind = '', socket = '', rest = ''] = call;
    if (!/^(TCP|UDP)/.test(kind)) continue;
    const destination = /inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6?, "([^"]+)"/.exec(rest);
    const remote = destination?.[1] ?? destination?.[2] ?? /->\[?([^\]]+?)\]?:\d+$/.exec(socket)?.[1];
    if (!remote || isLoopback(remote)) continue;
    const port = Number(/htons\((\d+)\)/.exec(rest)?.[1] ?? /:(\d+)$/.exec(socket)?.[1]);
    if (name === 'connect' && kind.startsWith('UDP') && port !== 53) continue;
    leaving.push(line.slice(0, 200));
  }
  return leaving;
}

describe('a build, to the network', () => {
  it('sends nothing, even for an article that asks for things from the internet', () => {
    const dir = copySamples();
    writeFileSync(
      path.join(dir, 'articles', 'online.md'),
      [
        '---',
        'title: Things from the internet',
        '---',
        '',
        'A photo: ![A knee](https://images.example.org/knee.png)',
        '',
        '<link rel="dns-prefetch" href="//prefetch.example.org">',
        '<link rel="preconnect" href="https://preconnect.example.org">',
        '<img src="http://plain.example.net/x.png" alt="">',
        '<style>@import url("https://fonts.example.com/font.css");</style>',
        '',
      ].join('\n'),
    );
    const log = path.join(dir, 'strace.log');
    // Leaflets are what a browser prints; emails and web pages are written by the build alone, which has no network
    // code.
    const args = ['build', 'articles/online.md', 'articles/ankle-sprain.md', '--format', 'leaflet', '--json'];
    const run = spawnSync(
      'strace',
      ['-f', '-qq', '-yy', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-o', log, process.execPath, BIN, ...args],
      {
        cwd: dir,
        env: { ...process.env, ...TEST_ENV },
        encoding: 'utf8',
      },
    );
    expect(run.error, 'strace must be installed (apt-get install strace)').toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { browserLaunches: number; totals: { leaflet: { built: number } } };
    expect(report.browserLaunches).toBe(1);
    expect(report.totals.leaflet.built).toBe(2);
    expect(run.stderr).toContain('blocked a request for https://images.example.org/knee.png');
    const traced = readFileSync(log, 'utf8');
    // The log did see the browser's own local traffic (Chromium's processes talk to each other over Unix sockets;
    // Puppeteer talks to it over a pipe), so it watched the right processes.
    expect(traced).toMatch(/sendmsg\(\d+<UNIX:\[\d+->\d+\]>/);
    expect(trafficLeaving(traced)).toEqual([]);
  });

  it('would see traffic that leaves: a TCP connection, a UDP datagram or a DNS query', () => {
    const sample = [
      '12 connect(20<TCPv6:[1]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), ' +
        'inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      '12 connect(21<UDP:[2]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}, 16) = 0',
      '12 sendto(22<UDP:[10.0.0.2:5000->192.0.2.9:443]>, "x", 1, 0, NULL, 0) = 1',
      '12 connect(23<UDPv6:[3]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), ' +
        'inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      '12 connect(24<TCP:[4]>, {sa_family=AF_INET, sin_port=htons(9222), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
    ].join('\n');
    expect(trafficLeaving(sample).map((line) => line.split(' ')[1]?.slice(0, 7))).toEqual([
      'connect',
      'connect',
      'sendto(',
    ]);
  });
});
