package scopes

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// specTierHubs maps the hub names of the specs' tier blocks to ours.
var specTierHubs = map[string]Hub{"marketing": HubMarketing, "cms": HubContent, "sales": HubSales, "service": HubService,
	"dataHub": HubData, "crmHub": HubCRM, "commerce": HubCommerce}

// specTierBlocks reads hubspot-endpoints.tsv: for every scope, the distinct
// tier blocks of the operations it grants.
func specTierBlocks(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "shared", "reference", "hubspot-endpoints.tsv"))
	if err != nil {
		t.Skipf("reference data not present (%v); skipping", err)
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 9 || strings.HasPrefix(cols[0], "#") || cols[0] == "api" {
			continue
		}
		for _, alt := range strings.Split(cols[4], " | ") {
			for _, name := range strings.Split(alt, "+") {
				if name = strings.TrimSpace(name); name != "" && !slices.Contains(out[name], cols[6]) {
					out[name] = append(out[name], cols[6])
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// specBlockRule reads one tier block ("cms:STARTER,marketing:PROFESSIONAL"
// or "any") as the file's header says: the API is available when any listed
// hub is at or above its tier.
func specBlockRule(t *testing.T, block string) Rule {
	t.Helper()
	if block == "any" {
		r, _ := ParseRule([]string{"any"})
		return r
	}
	var terms []string
	for _, e := range strings.Split(block, ",") {
		h, tier, _ := strings.Cut(e, ":")
		for _, x := range []string{"starter", "professional", "enterprise"}[slices.Index([]string{"STARTER", "PROFESSIONAL", "ENTERPRISE"}, tier):] {
			terms = append(terms, string(specTierHubs[h])+":"+x)
		}
	}
	r, err := ParseRule(terms)
	if err != nil {
		t.Fatalf("tier block %q: %v", block, err)
	}
	return r
}

// TestSpecTierBlocksFillUncoveredScopes: every scope whose availability the
// catalog says comes from the specs' tier blocks agrees, on every account
// shape, with one of the blocks of the operations it grants.
func TestSpecTierBlocksFillUncoveredScopes(t *testing.T) {
	blocks := specTierBlocks(t)
	var shapes []Account
	for _, h := range Hubs() {
		for _, tier := range []Tier{TierFree, TierStarter, TierProfessional, TierEnterprise} {
			shapes = append(shapes, Account{Hubs: map[Hub]Tier{h: tier}, Kind: KindStandard})
		}
	}
	n := 0
	for _, s := range Default().All() {
		if s.Provenance.Confidence != ConfidenceSpec {
			continue
		}
		n++
		if len(blocks[s.Name]) == 0 {
			t.Errorf("%s: sourced from the specs' tier blocks, but no operation in hubspot-endpoints.tsv names it", s.Name)
			continue
		}
		agrees := slices.ContainsFunc(blocks[s.Name], func(b string) bool {
			if b == "" {
				return false
			}
			r := specBlockRule(t, b)
			return !slices.ContainsFunc(shapes, func(a Account) bool { return r.Allows(a) != s.Availability.Allows(a) })
		})
		if !agrees {
			t.Errorf("%s: availability %q matches none of the specs' tier blocks %q", s.Name, s.Availability, blocks[s.Name])
		}
	}
	if n < 100 {
		t.Errorf("only %d scopes are sourced from the specs' tier blocks, want the ~140 no table covers", n)
	}
}
