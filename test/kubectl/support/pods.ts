/** Pod manifests several kubectl tests start from. */

/** `web`: nginx serving on port 80. */
export const nginxPodYaml = `
apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
  - { name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
`

/** `box`: a busybox shell on a console (stdin), for attach. */
export const consolePodYaml = `
apiVersion: v1
kind: Pod
metadata: { name: box }
spec:
  containers:
  - { name: box, image: "busybox:1.36", command: [sh], stdin: true }
`
