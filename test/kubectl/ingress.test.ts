import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { expectOk } from './support/expect-ok'

/**
 * Ingress and IngressClass through kubectl: `create ingress` forms, the
 * table and describe output, validation messages and the default class. No
 * ingress controller runs, so ADDRESS stays empty as on a fresh cluster.
 */
describe.skipIf(!hasKubectl)('kubectl and Ingress', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  const ok = expectOk(() => k)
  const rows = (out: string) => out.split('\n').filter(Boolean).map((l) => l.split(/\s{2,}/).join('|'))

  it('kubectl create ingress sends rules, TLS, class and default backend that get ing prints', async () => {
    expect(await ok(['create', 'ingress', 'simple', '--rule=foo.com/bar=svc1:8080,tls=my-cert'])).toBe('ingress.networking.k8s.io/simple created\n')
    await ok(['create', 'ingress', 'multi', '--class=other', '--default-backend=defaultsvc:http', '--rule=/path=svc:port', '--rule=a.com/*=svc2:80', '--rule=b.com/x=svc3:80', '--rule=c.com/y=svc3:80', '--rule=d.com/z=svc3:80'])
    expect(rows(await ok(['get', 'ing']))).toEqual(['NAME|CLASS|HOSTS|ADDRESS|PORTS|AGE', 'multi|other|a.com,b.com,c.com + 2 more...|80|0s', 'simple|<none>|foo.com|80, 443|0s'])
    const ing = JSON.parse(await ok(['get', 'ingress', 'multi', '-o', 'json']))
    expect(ing.spec.defaultBackend).toEqual({ service: { name: 'defaultsvc', port: { name: 'http' } } })
    expect(ing.spec.rules[1]).toEqual({ host: 'a.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc2', port: { number: 80 } } } }] } })
    expect(ing.status).toEqual({ loadBalancer: {} })
    expect(ing.metadata.generation).toBe(1)
  })

  it('describe shows the rules and backends', async () => {
    const out = await ok(['describe', 'ingress', 'simple'])
    expect(out).toContain('Ingress Class:    <none>')
    expect(out).toContain('  my-cert terminates foo.com')
    expect(out).toMatch(/foo\.com\s*\n\s+\/bar\s+svc1:8080 \(<error: services "svc1" not found>\)/)
  })

  it('rejects invalid ingresses with the real messages', async () => {
    const noRules = await k.run(['apply', '-f', '-'], 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: empty}\nspec: {}\n')
    expect(noRules.stderr).toContain('The Ingress "empty" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified')
    const bad = await k.run(
      ['apply', '-f', '-'],
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: bad}\nspec:\n  rules:\n  - host: 10.0.0.1\n    http:\n      paths:\n      - path: rel\n        pathType: Prefix\n        backend: {service: {name: web}}\n      - path: /x\n        backend: {service: {name: web, port: {number: 80}}}\n'
    )
    expect(bad.stderr).toContain('spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address')
    expect(bad.stderr).toContain('spec.rules[0].http.paths[0].path: Invalid value: "rel": must be an absolute path')
    expect(bad.stderr).toContain('spec.rules[0].http.paths[0].backend: Required value: port name or number is required')
    expect(bad.stderr).toContain('spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified')
  })

  it('IngressClass: columns, immutable controller, and the default class given to new ingresses', async () => {
    await ok(['apply', '-f', '-'], 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}\nspec: {controller: k8s.io/ingress-nginx}\n')
    expect(rows(await ok(['get', 'ingressclass']))).toEqual(['NAME|CONTROLLER|PARAMETERS|AGE', 'nginx|k8s.io/ingress-nginx|<none>|0s'])
    const moved = await k.run(['patch', 'ingressclass', 'nginx', '--type=merge', '-p', '{"spec":{"controller":"example.com/other"}}'])
    expect(moved.stderr).toContain('spec.controller: Invalid value: "example.com/other": field is immutable')
    await ok(['create', 'ingress', 'classless', '--rule=web.local/=web:80'])
    expect(JSON.parse(await ok(['get', 'ing', 'classless', '-o', 'json'])).spec.ingressClassName).toBe('nginx')
    const bad = await k.run(['apply', '-f', '-'], 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: x}\nspec: {controller: nginx}\n')
    expect(bad.stderr).toContain('spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")')
  })
})
