import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { exec } from './support/exec'
import { waitFor } from '../../support/wait'
import { pods, podsGVR, service, startGuestbook } from './support/guestbook'

describe('the network toolbox in pods', () => {
  let cluster: Cluster
  let frontend: Pod

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    await startGuestbook(cluster)
    ;[frontend] = await pods(cluster, 'tier=frontend')
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('nslookup redis-master answers through the search path; an unknown name is NXDOMAIN', async () => {
    const svc = await service(cluster, 'redis-master')
    const r = await exec(cluster, frontend, 'nslookup', 'redis-master')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tredis-master.default.svc.cluster.local\nAddress: ${svc.spec!.clusterIP}\n\n`)
    const missing = await exec(cluster, frontend, 'nslookup', 'redis-mastr')
    expect(missing.code).toBe(1)
    expect(missing.stdout).toContain("** server can't find redis-mastr: NXDOMAIN")
  })

  it('curl -s http://redis-master:6379 reaches Redis, which closes an HTTP request without a reply', async () => {
    const r = await exec(cluster, frontend, 'curl', '-s', 'http://redis-master:6379')
    expect(r).toEqual({ code: 52, stdout: '', stderr: '' })
    const shown = await exec(cluster, frontend, 'curl', '-sS', 'http://redis-master:6379')
    expect(shown.stderr).toBe('curl: (52) Empty reply from server\n')
  })

  it('curl to the frontend Service gets the guestbook page; a name nothing has cannot resolve', async () => {
    const [master] = await pods(cluster, 'role=master')
    const page = await exec(cluster, master, 'curl', '-s', 'http://frontend')
    expect(page.code).toBe(0)
    expect(page.stdout).toContain('<title>Guestbook</title>')
    const head = await exec(cluster, master, 'curl', '-sI', 'http://frontend/')
    expect(head.stdout.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
    const none = await exec(cluster, master, 'curl', '-sS', 'http://nowhere')
    expect(none).toMatchObject({ code: 6, stderr: 'curl: (6) Could not resolve host: nowhere\n' })
    const wget = await exec(cluster, master, 'wget', '-qO-', 'http://frontend')
    expect(wget.stdout).toContain('<title>Guestbook</title>')
  })

  it("a container's first command reaches a Service at once, before the kubelet has written the pod's IP to its status (kubectl run --rm -i ... -- wget)", async () => {
    await cluster.client.resource<Pod>(podsGVR).create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'first-fetch', namespace: 'default' },
      spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['wget', '-qO-', 'http://frontend'] }] }
    })
    const pod = await waitFor(async () => {
      const p = await cluster.client.resource<Pod>(podsGVR).get('default', 'first-fetch')
      return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' ? p : undefined
    }, 'first-fetch finished', 15_000)
    const log = cluster.world.logs.read({ namespace: 'default', pod: 'first-fetch', uid: pod.metadata!.uid!, container: 'c' })?.map((l) => l.text)
    expect(pod.status!.phase).toBe('Succeeded')
    expect(log).toContain('    <title>Guestbook</title>')
  })

  it('ping reaches a pod; a ClusterIP answers no ping', async () => {
    const [master] = await pods(cluster, 'role=master')
    const r = await exec(cluster, frontend, 'ping', '-c', '2', master.status!.podIP!)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^PING ${master.status!.podIP} \\(${master.status!.podIP}\\): 56 data bytes\\n64 bytes from ${master.status!.podIP}: seq=0 ttl=6[24] time=`))
    expect(r.stdout).toContain('2 packets transmitted, 2 packets received, 0% packet loss')
    const svc = await exec(cluster, frontend, 'ping', '-c', '1', 'redis-master')
    expect(svc.code).toBe(1)
    expect(svc.stdout).toContain('1 packets transmitted, 0 packets received, 100% packet loss')
  })

  it('ip addr and ip route show the pod end of its veth and the routes via the bridge', async () => {
    const addr = await exec(cluster, frontend, 'ip', 'addr')
    expect(addr.stdout).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536/)
    expect(addr.stdout).toMatch(new RegExp(`\\n2: eth0@if\\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 [^\\n]*\\n    link/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff link-netnsid 0\\n    inet ${frontend.status!.podIP!.replace(/\./g, '\\.')}/24 brd 10\\.244\\.\\d+\\.255 scope global eth0`))
    const route = await exec(cluster, frontend, 'ip', 'route')
    const gw = frontend.status!.podIP!.replace(/\.\d+$/, '.1')
    expect(route.stdout).toBe(`default via ${gw} dev eth0 \n10.244.0.0/16 via ${gw} dev eth0 \n${frontend.status!.podIP!.replace(/\.\d+$/, '.0')}/24 dev eth0 proto kernel scope link src ${frontend.status!.podIP} \n`)
  })

  it('cat /etc/resolv.conf, /etc/hosts and /etc/hostname', async () => {
    const resolv = await exec(cluster, frontend, 'cat', '/etc/resolv.conf')
    expect(resolv.stdout).toContain('nameserver 10.96.0.10')
    expect(resolv.stdout).toContain('search default.svc.cluster.local svc.cluster.local cluster.local')
    const hosts = await exec(cluster, frontend, 'cat', '/etc/hosts')
    expect(hosts.stdout).toContain(`${frontend.status!.podIP}\t${frontend.metadata!.name}\n`)
    expect((await exec(cluster, frontend, 'cat', '/etc/hostname')).stdout).toBe(`${frontend.metadata!.name}\n`)
    expect(await exec(cluster, frontend, 'cat', '/etc/shadow')).toMatchObject({ code: 1, stderr: "cat: can't open '/etc/shadow': No such file or directory\n" })
  })

  it("iptables-save in a kube-proxy pod prints that node's rules; ip route there is the node's", async () => {
    const proxies = (await cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).list('kube-system', { labelSelector: 'k8s-app=kube-proxy' })).items
    const proxy = proxies.find((p) => p.spec!.nodeName === frontend.spec!.nodeName)!
    const r = await exec(cluster, proxy, 'iptables-save', '-t', 'nat')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^# Generated by iptables-save/)
    expect(r.stdout).toContain(':KUBE-SERVICES - [0:0]')
    expect(r.stdout).toMatch(/-A KUBE-NODEPORTS -p tcp -m comment --comment "default\/frontend" -m tcp --dport 30001 -j KUBE-EXT-/)
    const route = await exec(cluster, proxy, 'ip', 'route')
    expect(route.stdout).toMatch(/^default via 172\.18\.0\.1 dev eth0 \n/)
    expect(route.stdout).toMatch(/10\.244\.\d+\.0\/24 via 10\.244\.\d+\.0 dev flannel\.1 onlink \n/)
    expect(await exec(cluster, frontend, 'iptables-save')).toMatchObject({ code: 127 })
  })
})
