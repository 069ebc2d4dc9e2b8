import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

const piJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`

/** The Jobs of a Kubernetes introduction through real kubectl 1.32: create job (a protobuf body), apply, get, wait, logs, describe, delete. */
describe.skipIf(!hasKubectl)('kubectl: jobs', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })

  async function ok(args: string[], stdin?: string): Promise<string> {
    const r = await k.run(args, stdin)
    expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('')
    expect(r.code).toBe(0)
    return r.stdout
  }

  it('create job (protobuf body), wait for complete, logs job/hello', async () => {
    expect(await ok(['create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hi'])).toBe('job.batch/hello created\n')
    expect(await ok(['wait', '--for=condition=complete', 'job/hello', '--timeout=30s'])).toBe('job.batch/hello condition met\n')
    expect(await ok(['logs', 'job/hello'])).toBe('hi\n')
    const job = JSON.parse(await ok(['get', 'job', 'hello', '-o', 'json'])) as { spec: Record<string, unknown>; status: Record<string, unknown> }
    expect(job.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false })
    expect(job.status).toMatchObject({ succeeded: 1, ready: 0 })
  })

  it('apply -f the pi Job; get jobs shows STATUS, COMPLETIONS, DURATION', async () => {
    expect(await ok(['apply', '-f', '-'], piJob)).toBe('job.batch/pi created\n')
    await ok(['wait', '--for=condition=complete', 'job/pi', '--timeout=30s'])
    const out = await ok(['get', 'jobs'])
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/)
    // The instant clock runs as fast as there is work, so the age is any age.
    expect(lines.find((l) => l.startsWith('pi '))).toMatch(/^pi\s+Complete\s+1\/1\s+\d+s\s+\S+$/)
    const wide = await ok(['get', 'job', 'pi', '-o', 'wide'])
    expect(wide.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/)
    expect(wide.split('\n')[1]).toMatch(/\spi\s+perl:5\.34\.0\s+batch\.kubernetes\.io\/controller-uid=[0-9a-f-]{36}$/)
  })

  it('describe job shows the pod statuses and the events', async () => {
    const out = await ok(['describe', 'job', 'pi'])
    expect(out).toMatch(/^Name:\s+pi$/m)
    expect(out).toMatch(/^Completions:\s+1$/m)
    expect(out).toMatch(/^Pods Statuses:\s+0 Active \(0 Ready\) \/ 1 Succeeded \/ 0 Failed$/m)
    expect(out).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+job-controller\s+Created pod: pi-[a-z0-9]{5}$/m)
    expect(out).toMatch(/Normal\s+Completed\s+\S+\s+job-controller\s+Job completed$/m)
  })

  it('get all lists the jobs', async () => {
    const out = await ok(['get', 'all'])
    expect(out).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/m)
    expect(out).toMatch(/^job\.batch\/pi\s+Complete\s+1\/1/m)
  })

  it('a restartPolicy Always Job is refused with the apiserver message', async () => {
    const r = await k.run(['apply', '-f', '-'], piJob.replace('name: pi\n', 'name: always\n').replace('restartPolicy: Never', 'restartPolicy: Always'))
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      'The Job "always" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"\n'
    )
  })

  it('create cronjob (protobuf body), get cj, a scheduled Job, create job --from=cronjob, delete', async () => {
    expect(await ok(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--', 'echo', 'tick'])).toBe('cronjob.batch/tick created\n')
    await waitFor(async () => {
      const out = await ok(['get', 'jobs', '-o', 'name'])
      return out.split('\n').some((l) => /^job\.batch\/tick-\d+$/.test(l)) ? true : undefined
    }, 'a Job of the CronJob')
    // Suspended, it schedules no more (and its history stops moving under the instant clock).
    expect(await ok(['patch', 'cronjob', 'tick', '-p', '{"spec":{"suspend":true}}'])).toBe('cronjob.batch/tick patched\n')
    const cj = await ok(['get', 'cj', 'tick'])
    expect(cj.split('\n')[0]).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/)
    expect(cj.split('\n')[1]).toMatch(/^tick\s+\*\/1 \* \* \* \*\s+<none>\s+True\s+[01]\s+\S+\s+\S+$/)
    expect(await ok(['create', 'job', 'tick-now', '--from=cronjob/tick'])).toBe('job.batch/tick-now created\n')
    await ok(['wait', '--for=condition=complete', 'job/tick-now', '--timeout=30s'])
    expect(await ok(['logs', 'job/tick-now'])).toBe('tick\n')
    expect(await ok(['delete', 'cronjob', 'tick'])).toBe('cronjob.batch "tick" deleted\n')
    await waitFor(async () => ((await ok(['get', 'jobs', '-o', 'name'])).includes('job.batch/tick-') ? undefined : true), 'the CronJob\'s Jobs deleted with it')
  })

  it('delete job removes its pods', async () => {
    expect(await ok(['delete', 'job', 'hello'])).toBe('job.batch "hello" deleted\n')
    await waitFor(async () => ((await ok(['get', 'pods', '-l', 'job-name=hello', '-o', 'name'])) === '' ? true : undefined), 'the pods of job/hello deleted')
  })
})
