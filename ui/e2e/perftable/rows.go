package main

import (
	"fmt"
	"sort"
	"strings"
)

// profiles are the colour profiles the UI benchmarks run in, as their sub-benchmarks name them.
var profiles = []string{"ascii", "256", "truecolor"}

// rows are the table, in the order the README shows them.
var rows = []row{
	{what: "catalog keystroke (Update + View), the real catalog, ascii / 256 / truecolor", goal: "≤ 0.5x the bubbles list",
		pkg: "./ui/catalog", bench: "Keystroke/catalog", benchtime: "2000x", cells: keystroke("catalog")},
	{what: "the same at 30,000 synthetic scopes", goal: "≤ 0.5x; adds no more time than the list",
		pkg: "./ui/catalog", bench: "Keystroke/", benchtime: "60x", cells: keystrokeGrowth},
	{what: "first full frame in a real pty, 120x40", goal: "≤ 1.1x a minimal Bubble Tea list program",
		pkg: "./ui/e2e", bench: "StartupToFirstFrame", benchtime: "40x", cells: startup},
	{what: "TUI on the catalog, outside clients at 400 req/s on its sandbox", goal: "< 10 % of a core, no event lost uncounted",
		pkg: "./ui/e2e", bench: "SandboxLoadCPU", benchtime: "3x", cells: load},
	{what: "idle on the token screen, bytes to the terminal, ascii / 256 / truecolor", goal: "≤ 100 B/s",
		pkg: "./ui/token", bench: "IdleBytes", benchtime: "120x", cells: idle},
	{what: "peak RSS of a whole TUI session (the issue story)", goal: "≤ 1.3x a minimal Bubble Tea program",
		pkg: "./ui/e2e", bench: "TUISessionPeakRSS", benchtime: "1x", cells: rss},
	{what: "stripped binary (-trimpath -s -w)", goal: "≤ 10.1 MiB with the endpoint index",
		pkg: "./ui/e2e", bench: "StrippedBinarySize", benchtime: "1x", cells: binarySize},
	{what: "a keystroke with an API path typed (the endpoint index answers)", goal: "< 1 ms",
		pkg: "./ui/catalog", bench: "KeystrokeEndpointIndex", benchtime: "500x",
		cells: versus("KeystrokeEndpointIndex/path", "KeystrokeEndpointIndex/words-no-index", "a word query without the index", 1e6)},
	{what: "moving to another scope (its endpoints grouped afresh) + frame", goal: "< 1 ms",
		pkg: "./ui/catalog", bench: "MoveDown", benchtime: "500x", cells: versus("MoveDown/index", "MoveDown/no-index", "without the index", 1e6)},
	{what: "decoding the endpoint index (once, in the background)", goal: "—",
		pkg: "./scopes", bench: "EndpointsDecode", benchtime: "50x",
		cells: versus("EndpointsDecode/endpoints", "EndpointsDecode/catalog-yardstick", "the scope catalog's build", 0)},
	{what: "the exact minimum scope cover of a 5-call list", goal: "—",
		pkg: "./scopes", bench: "^BenchmarkCover$", benchtime: "500x", cells: versus("Cover/cover", "Cover/match-yardstick", "matching its calls alone", 0)},
	{what: "a keystroke in the token screen's try-it picker (filter over every operation + frame)", goal: "< 1 ms",
		pkg: "./ui/token", bench: "TryFilterKeystroke", benchtime: "300x", cells: tryFilter},
	{what: "one catalog search (each query of the benchmark)", goal: "well under 200 µs",
		pkg: "./scopes", bench: "^BenchmarkSearch$", benchtime: "2000x", cells: search},
	{what: "building the catalog at start-up (generated data)", goal: "no slower than the old 2 ms reader",
		pkg: "./scopes", bench: "CatalogStartup", benchtime: "50x", cells: catalogStartup},
	{what: "the search index, built once in the background", goal: "—",
		pkg: "./scopes", bench: "SearchIndexBuild", benchtime: "50x", cells: indexBuild},
	{what: "a countdown tick (Update + View) at 120x40, ascii / 256 / truecolor", goal: "< 200 µs",
		pkg: "./ui/token", bench: "^BenchmarkTick$", benchtime: "2000x", cells: tick},
	{what: "a complete in-process sandbox flow", goal: "< 2 ms",
		pkg: "./oauth/sandbox", bench: "^BenchmarkFlow$", benchtime: "500x", cells: versus("Flow", "", "", 2e6)},
	{what: "the same through the OAuth client, with introspection and refresh", goal: "< 2 ms",
		pkg: "./oauth", bench: "FlowSandbox", benchtime: "200x", cells: versus("FlowSandbox", "", "", 2e6)},
	{what: "sandbox throughput, 1,000 concurrent full flows over loopback", goal: "≥ 1,000 flows/s",
		pkg: "./oauth/sandbox", bench: "ConcurrentFlows", benchtime: "3x", cells: flows},
}

// each formats one metric of several sub-benchmarks, joined by " / ".
func each(r results, names []string, unit, format string, scale float64) string {
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf(format, r[n][unit]*scale))
	}
	return strings.Join(parts, " / ")
}

// under names the sub-benchmarks prefix/p for each profile p.
func under(prefix string, subs []string) []string {
	out := make([]string, len(subs))
	for i, s := range subs {
		out[i] = prefix + "/" + s
	}
	return out
}

// allAtMost reports whether unit stays at or under limit in every named benchmark (and was reported).
func allAtMost(r results, names []string, unit string, limit float64) bool {
	for _, n := range names {
		v, ok := r[n][unit]
		if !ok || v > limit {
			return false
		}
	}
	return true
}

func keystroke(size string) func(results) (string, string, string, bool) {
	return func(r results) (string, string, string, bool) {
		n := under("Keystroke/"+size, profiles)
		return each(r, n, "ns", "%.2f", 1e-6) + " ms", each(r, n, "bubbles-ns", "%.2f", 1e-6) + " ms",
			each(r, n, "x-bubbles", "%.2fx", 1), allAtMost(r, n, "x-bubbles", 0.5)
	}
}

// keystrokeGrowth is the 30,000-scope row: the ratio there, and the time each side adds to its keystroke
// over the real catalog.
func keystrokeGrowth(r results) (string, string, string, bool) {
	ours, yard, ratio, met := keystroke("30000")(r)
	var added []string
	for _, p := range profiles {
		small, big := r["Keystroke/catalog/"+p], r["Keystroke/30000/"+p]
		o, b := (big["ns"]-small["ns"])/1e6, (big["bubbles-ns"]-small["bubbles-ns"])/1e6
		added = append(added, fmt.Sprintf("+%.1f vs +%.1f ms", o, b))
		met = met && o <= b
	}
	return ours, yard, ratio + "; added to the real catalog's: " + strings.Join(added, " / "), met
}

func startup(r results) (string, string, string, bool) {
	m := r["StartupToFirstFrame"]
	return fmt.Sprintf("%.1f ms (median)", m["ms"]), fmt.Sprintf("%.1f ms", m["minimal-ms"]),
		fmt.Sprintf("%.2fx", m["x-minimal"]), m["x-minimal"] <= 1.1
}

func load(r results) (string, string, string, bool) {
	m := r["SandboxLoadCPU"]
	return fmt.Sprintf("%.1f %% of a core; %.0f events dropped (counted), %.0f uncounted", m["cpu-%"], m["dropped"], m["unaccounted"]),
		fmt.Sprintf("`hsoauth sandbox` alone: %.1f %%", m["sandbox-cpu-%"]), fmt.Sprintf("%.2fx", m["x-sandbox"]),
		m["cpu-%"] < 10 && m["unaccounted"] == 0
}

func idle(r results) (string, string, string, bool) {
	n := under("IdleBytes", profiles)
	return each(r, n, "B/s", "%.0f", 1) + " B/s", "bare countdown: " + each(r, n, "floor-B/s", "%.0f", 1) + " B/s",
		each(r, n, "x-floor", "%.2fx", 1), allAtMost(r, n, "B/s", 100)
}

func rss(r results) (string, string, string, bool) {
	m := r["TUISessionPeakRSS"]
	return fmt.Sprintf("%.1f MB", m["peak-MB"]), fmt.Sprintf("%.1f MB", m["minimal-MB"]),
		fmt.Sprintf("%.2fx", m["x-minimal"]), m["x-minimal"] <= 1.3
}

func binarySize(r results) (string, string, string, bool) {
	m := r["StrippedBinarySize"]
	return fmt.Sprintf("%.2f MiB", m["MiB"]), "—", "—", m["MiB"] <= 10.1
}

func search(r results) (string, string, string, bool) {
	var n []string
	for name := range r {
		if strings.HasPrefix(name, "Search/") {
			n = append(n, name)
		}
	}
	sort.Strings(n)
	return each(r, n, "ns/op", "%.0f", 1e-3) + " µs", "—", "—", len(n) > 0 && allAtMost(r, n, "ns/op", 200e3)
}

func catalogStartup(r results) (string, string, string, bool) {
	gen, toml := r["CatalogStartup/generated"]["ns/op"], r["CatalogStartup/toml"]["ns/op"]
	return fmt.Sprintf("%.2f ms", gen/1e6), fmt.Sprintf("decoding catalog.toml: %.2f ms", toml/1e6),
		fmt.Sprintf("%.2fx", gen/toml), gen > 0 && gen <= 2e6
}

func indexBuild(r results) (string, string, string, bool) {
	return fmt.Sprintf("%.2f ms", r["SearchIndexBuild"]["ns/op"]/1e6), "—", "—", r["SearchIndexBuild"]["ns/op"] > 0
}

func tick(r results) (string, string, string, bool) {
	var shown, all []string
	for _, p := range profiles {
		shown = append(shown, "Tick/"+p+"/120x40")
		all = append(all, "Tick/"+p+"/120x40", "Tick/"+p+"/80x24")
	}
	return each(r, shown, "ns/op", "%.0f", 1e-3) + " µs", "—", "—", allAtMost(r, all, "ns/op", 200e3)
}

// versus reads one benchmark's ns/op beside another's in the same run (none when yard is ""); limit > 0 is
// the goal in nanoseconds.
func versus(ours, yard, label string, limit float64) func(results) (string, string, string, bool) {
	return func(r results) (string, string, string, bool) {
		o, ok := r[ours]["ns/op"]
		met := ok && (limit == 0 || o <= limit)
		if yard == "" {
			return fmt.Sprintf("%.3f ms", o/1e6), "—", "—", met
		}
		y := r[yard]["ns/op"]
		return fmt.Sprintf("%.3f ms", o/1e6), fmt.Sprintf("%s: %.3f ms", label, y/1e6), fmt.Sprintf("%.2fx", o/y), met && y > 0
	}
}

func tryFilter(r results) (string, string, string, bool) {
	m := r["TryFilterKeystroke"]
	return fmt.Sprintf("%.3f ms", m["ns/op"]/1e6), "a countdown tick, timed in the same run", fmt.Sprintf("%.1fx", m["tick-ratio"]),
		m["ns/op"] > 0 && m["ns/op"] <= 1e6
}

func flows(r results) (string, string, string, bool) {
	m := r["ConcurrentFlows"]
	return fmt.Sprintf("%.0f flows/s", m["flows/s"]), "—", "—", m["flows/s"] >= 1000
}
