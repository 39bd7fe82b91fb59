package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"github.com/nnexp/nnexp/internal/atomicfile"
	"github.com/nnexp/nnexp/report"
)

// k8sCommand writes the Kubernetes manifests that run an experiment's
// shards as an Indexed Job (each pod's JOB_COMPLETION_INDEX is its shard,
// NNEXP_SHARDS the count, since an Indexed Job passes none) and then
// merges them with a second Job, and prints the kubectl commands that
// apply them in order. Nothing talks to a cluster: the manifests are the
// product, checked by golden files, and the sharding they rely on by
// running the shards as local processes with JOB_COMPLETION_INDEX set.
func k8sCommand(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("k8s", "k8s FILE --shards N --image IMAGE --volume CLAIM [--out DIR] [--mount PATH] [--cpu C] [--memory M] [--var name=value ...] [--var-file FILE ...]", stderr)
	vars := addVarFlags(fs)
	shards := fs.Int("shards", 0, "number of shards (pods of the Indexed Job), at least 1")
	image := fs.String("image", "", "container `image` with the nnexp binary (on its PATH) built with the experiment's optimizers")
	volume := fs.String("volume", "", "persistent volume `claim` that holds the experiment file and its data, and receives the results")
	mount := fs.String("mount", "/nnexp", "where the claim is mounted in the pods; the experiment file must be at MOUNT/<its name>")
	out := fs.String("out", "", "folder for the manifests (default results/<experiment name>/k8s)")
	cpu := fs.String("cpu", "1", "CPU request and limit of each pod")
	memory := fs.String("memory", "1Gi", "memory request and limit of each pod")
	file, code, ok := oneFile(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	switch {
	case *shards < 1 || *shards > 100_000:
		fmt.Fprintf(stderr, "nnexp k8s: --shards must be from 1 to 100000, got %d\n", *shards)
		return ExitUsage
	case *image == "" || *volume == "":
		var missing []string
		for _, f := range []struct{ name, value string }{
			{"--image (the pods' container image, with nnexp on its PATH)", *image},
			{"--volume (the persistent volume claim that holds the experiment and its data)", *volume},
		} {
			if f.value == "" {
				missing = append(missing, f.name)
			}
		}
		fmt.Fprintf(stderr, "nnexp k8s: %s %s required\n", strings.Join(missing, " and "), pick(len(missing) == 1, "is", "are"))
		return ExitUsage
	case !positiveQuantity(*cpu):
		fmt.Fprintf(stderr, "nnexp k8s: --cpu must be a positive Kubernetes quantity such as 1, 2.5 or 500m, got %q\n", *cpu)
		return ExitUsage
	case !positiveQuantity(*memory):
		fmt.Fprintf(stderr, "nnexp k8s: --memory must be a positive Kubernetes quantity such as 1Gi, 512Mi or 2G, got %q\n", *memory)
		return ExitUsage
	case quantityBytes(*memory) < 1<<20:
		// Kubernetes takes 500m as half a byte, and such a pod cannot
		// start; m means milli, not mega.
		hint := ""
		if strings.HasSuffix(*memory, "m") {
			hint = fmt.Sprintf(" (m is a thousandth; did you mean %sMi?)", strings.TrimSuffix(*memory, "m"))
		}
		fmt.Fprintf(stderr, "nnexp k8s: --memory %s is under 1Mi, too little for any pod%s\n", *memory, hint)
		return ExitUsage
	case !path.IsAbs(*mount):
		fmt.Fprintf(stderr, "nnexp k8s: --mount must be an absolute path, got %q\n", *mount)
		return ExitUsage
	}
	exp, _, ok := loadPlan(file, vars, stderr)
	if !ok {
		return ExitFailure
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results", exp.Name, "k8s")
	}
	m := k8sManifest{
		Name:     jobName(exp.Name),
		Shards:   *shards,
		Image:    *image,
		Claim:    *volume,
		Mount:    *mount,
		CPU:      *cpu,
		Memory:   *memory,
		File:     path.Join(*mount, filepath.Base(file)),
		Out:      path.Join(*mount, "results", exp.Name),
		VarFlags: report.VarFlags(exp.Vars),
	}
	for _, f := range []struct{ name, text string }{{"shards.yaml", shardsYAML}, {"merge.yaml", mergeYAML}} {
		if err := writeTemplate(filepath.Join(dir, f.name), f.text, m); err != nil {
			fmt.Fprintf(stderr, "nnexp k8s: %v\n", err)
			return ExitFailure
		}
	}
	fmt.Fprintf(stdout, "wrote %s and %s. Copy %s (and its data) into the claim %s, then:\n",
		filepath.Join(dir, "shards.yaml"), filepath.Join(dir, "merge.yaml"), file, *volume)
	fmt.Fprintf(stdout, "  kubectl apply -f %s\n", filepath.Join(dir, "shards.yaml"))
	fmt.Fprintf(stdout, "  kubectl wait --for=condition=complete --timeout=24h job/%s-shards\n", m.Name)
	fmt.Fprintf(stdout, "  kubectl apply -f %s\n", filepath.Join(dir, "merge.yaml"))
	fmt.Fprintf(stdout, "  kubectl wait --for=condition=complete --timeout=1h job/%s-merge\n", m.Name)
	return ExitOK
}

// k8sManifest is what the manifests hold.
type k8sManifest struct {
	Name, Image, Claim, Mount, CPU, Memory, File, Out string
	Shards                                            int
	VarFlags                                          []string
}

// jobName makes a Kubernetes object name of an experiment name: lowercase
// letters, digits and '-', starting and ending with a letter or digit, at
// most 50 characters (the Job adds "-shards" and pods an index).
func jobName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 50 {
		s = strings.TrimRight(s[:50], "-")
	}
	if s == "" {
		s = "experiment"
	}
	return "nnexp-" + s
}

// yamlString quotes s as a YAML double-quoted scalar (JSON's escapes are
// YAML's), so that no value can break out of its field.
func yamlString(s string) string { return strconv.Quote(s) }

var templateFuncs = template.FuncMap{"q": yamlString}

func writeTemplate(file, text string, data any) error {
	t := template.Must(template.Must(template.New(filepath.Base(file)).Funcs(templateFuncs).Parse(podYAML)).Parse(text))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(file, 0o644, func(w io.Writer) error { return t.Execute(w, data) })
}

// podYAML is what both Jobs' pods share past their command: resources
// and the claim mounted where the command finds the experiment.
const podYAML = `{{define "pod"}}          resources:
            requests: {cpu: {{q .CPU}}, memory: {{q .Memory}}}
            limits: {cpu: {{q .CPU}}, memory: {{q .Memory}}}
          volumeMounts:
            - name: "nnexp"
              mountPath: {{q .Mount}}
      volumes:
        - name: "nnexp"
          persistentVolumeClaim:
            claimName: {{q .Claim}}
{{end}}`

const shardsYAML = `# The shards of the experiment, one pod per shard (nnexp k8s).
apiVersion: batch/v1
kind: Job
metadata:
  name: {{q (print .Name "-shards")}}
spec:
  completionMode: Indexed
  completions: {{.Shards}}
  parallelism: {{.Shards}}
  backoffLimitPerIndex: 1
  maxFailedIndexes: {{.Shards}}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: nnexp
          image: {{q .Image}}
          command:
            - "nnexp"
            - "run"
            - {{q .File}}
            - "--out"
            - {{q .Out}}
            - "--quiet"
{{- range .VarFlags}}
            - {{q .}}
{{- end}}
          env:
            - name: "NNEXP_SHARDS"
              value: {{q (print .Shards)}}
{{template "pod" .}}`

const mergeYAML = `# The merge of the shards' stored jobs into the outputs (nnexp k8s):
# apply it once the shards' Job is complete.
apiVersion: batch/v1
kind: Job
metadata:
  name: {{q (print .Name "-merge")}}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: nnexp
          image: {{q .Image}}
          command:
            - "nnexp"
            - "merge"
            - {{q .File}}
            - "--out"
            - {{q .Out}}
{{- range .VarFlags}}
            - {{q .}}
{{- end}}
{{template "pod" .}}`

// quantity is a Kubernetes resource quantity without a sign: a decimal
// number and an optional binary (Ki..Ei), decimal (n..E) or exponent
// suffix, as the API server accepts for requests and limits.
var quantity = regexp.MustCompile(`^([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$`)

// quantityBytes is the value of a quantity that positiveQuantity
// accepts, in bytes for a memory size.
func quantityBytes(text string) float64 {
	m := quantity.FindStringSubmatch(text)
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0
	}
	suffix := m[3]
	if len(suffix) > 1 && (suffix[0] == 'e' || suffix[0] == 'E') {
		exp, _ := strconv.Atoi(suffix[1:])
		return v * math.Pow(10, float64(exp))
	}
	return v * quantityScale[suffix]
}

// quantityScale is each suffix's multiplier.
var quantityScale = map[string]float64{
	"": 1, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
	"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40, "Pi": 1 << 50, "Ei": 1 << 60,
}

// positiveQuantity reports whether text is a quantity above zero: the
// API server would refuse the Job for a malformed one only when it is
// applied, and a zero limit gives pods that cannot start.
func positiveQuantity(text string) bool {
	m := quantity.FindStringSubmatch(text)
	return m != nil && strings.ContainsAny(m[1], "123456789")
}
