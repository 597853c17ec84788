package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/hsoauth/hsoauth/ui/uitest"
)

// benchW and benchH are the catalog's drawing area in a 120x40 terminal (the chrome takes three lines).
const benchW, benchH = 120, 37

// BenchmarkKeystroke is one filter keystroke: a letter typed (Update and View), then taken back with
// backspace, as someone refining a search does. Each iteration does the same keystroke on a bubbles list of
// the same scopes (its filter runs as a command; the benchmark delivers the result) and then on the catalog,
// timing each, so both see the same load on a shared machine. ns is the catalog's median keystroke,
// bubbles-ns the list's, x-bubbles their ratio: the goal is 0.5 or less in every colour profile, and no more
// time added from the real catalog to 30,000 scopes than the list adds.
//
//	go test -run '^$' -bench Keystroke ./ui/catalog/
func BenchmarkKeystroke(b *testing.B) {
	sizes := []struct {
		name string
		cat  func(testing.TB) *scopes.Catalog
	}{
		{"catalog", func(testing.TB) *scopes.Catalog { return scopes.Default() }},
		{"30000", func(tb testing.TB) *scopes.Catalog { return syntheticCatalog(tb, 30000) }},
	}
	for _, sz := range sizes {
		for _, p := range uitest.Profiles {
			b.Run(sz.name+"/"+p.Name, func(b *testing.B) {
				uitest.UseProfile(b, p.Profile)
				cat := sz.cat(b)
				pairedKeys(b, newBubblesKeys(b, cat), newCatalogKeys(b, cat))
			})
		}
	}
}

// keystroker types one letter (and shows the frame), then deletes it.
type keystroker interface {
	key(r rune)
	backspace()
}

// pairedKeys times the same keystrokes on the yardstick and on ours, alternately, and reports the medians
// per keystroke (ns is ours, bubbles-ns the yardstick's) and their ratio: a burst of other work on a shared
// machine moves a median far less than a mean.
func pairedKeys(b *testing.B, yardstick, ours keystroker) {
	var theirs, mine []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r := []rune{'s', 'x'}[i%2]
		b.StopTimer()
		t0 := time.Now()
		yardstick.key(r)
		yardstick.backspace()
		theirs = append(theirs, time.Since(t0))
		b.StartTimer()
		t1 := time.Now()
		ours.key(r)
		ours.backspace()
		mine = append(mine, time.Since(t1))
	}
	m, t := median(mine), median(theirs)
	b.ReportMetric(float64(m.Nanoseconds()), "ns")
	b.ReportMetric(float64(t.Nanoseconds()), "bubbles-ns")
	b.ReportMetric(float64(m)/float64(t), "x-bubbles")
}

// median is the middle duration.
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// catalogKeys drives the catalog screen with "contact" already typed in its filter.
type catalogKeys struct{ m Model }

func newCatalogKeys(tb testing.TB, cat *scopes.Catalog) *catalogKeys {
	c := &common.Common{
		Width: benchW, Height: benchH, Styles: styles.New(styles.DefaultPalette(), false), Keys: keys.DefaultGlobal(),
		Now: time.Now, Catalog: cat, StaticCursor: true,
	}
	acct, err := scopes.ParseAccount("marketing-starter")
	if err != nil {
		tb.Fatal(err)
	}
	m := New(c, Deps{}, scopes.Selection{Required: []string{"oauth"}}, acct)
	m, _ = m.Update(tea.WindowSizeMsg{Width: benchW, Height: benchH})
	m, _ = m.Update(loadEndpoints()) // the endpoint index, as the program delivers it after the first frame
	m, _ = press(m, "/")
	return &catalogKeys{m: typeText(m, "contact")}
}

func (k *catalogKeys) key(r rune) {
	k.m, _ = k.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	_ = k.m.View()
}

func (k *catalogKeys) backspace() { k.m, _ = k.m.Update(tea.KeyMsg{Type: tea.KeyBackspace}) }

// bubblesKeys drives a bubbles list of the same scopes (title: name; filtered on name, description, group
// and APIs, as the catalog's search is) with "contact" typed in its filter.
type bubblesKeys struct{ l list.Model }

// scopeItem is a scope as a bubbles list item.
type scopeItem struct{ s scopes.Scope }

func (i scopeItem) Title() string       { return i.s.Name }
func (i scopeItem) Description() string { return i.s.Description }
func (i scopeItem) FilterValue() string {
	return i.s.Name
}

func newBubblesKeys(tb testing.TB, cat *scopes.Catalog) *bubblesKeys {
	all := cat.All()
	items := make([]list.Item, len(all))
	for i, s := range all {
		items[i] = scopeItem{s}
	}
	l := list.New(items, list.NewDefaultDelegate(), benchW, benchH)
	l.FilterInput.Cursor.SetMode(cursor.CursorStatic)
	k := &bubblesKeys{l: l}
	k.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'/'}})
	for _, r := range "contact" {
		k.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if k.l.FilterState() != list.Filtering || len(k.l.VisibleItems()) == 0 {
		tb.Fatalf("the bubbles list is not filtering (state %v, %d items shown)", k.l.FilterState(), len(k.l.VisibleItems()))
	}
	return k
}

// send updates the list with msg and delivers what its commands produce (the filter's matches), as the
// Bubble Tea loop would.
func (k *bubblesKeys) send(msg tea.Msg) {
	var cmd tea.Cmd
	k.l, cmd = k.l.Update(msg)
	k.deliver(cmd)
}

func (k *bubblesKeys) deliver(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			k.deliver(c)
		}
	case list.FilterMatchesMsg:
		k.send(msg)
	}
}

func (k *bubblesKeys) key(r rune) {
	k.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	_ = k.l.View()
}

func (k *bubblesKeys) backspace() { k.send(tea.KeyMsg{Type: tea.KeyBackspace}) }

var (
	synthOnce sync.Once
	synthCat  *scopes.Catalog
	synthErr  error
)

// syntheticCatalog is a catalog of n scopes made from the real ones (names numbered, availability
// varied), parsed through the catalog's own validating reader, built once per run.
func syntheticCatalog(tb testing.TB, n int) *scopes.Catalog {
	synthOnce.Do(func() { synthCat, synthErr = scopes.ParseCatalog([]byte(syntheticTOML(n))) })
	if synthErr != nil {
		tb.Fatal(synthErr)
	}
	return synthCat
}

// syntheticTOML writes n [[scope]] tables in the catalog's schema.
func syntheticTOML(n int) string {
	real := scopes.Default().All()
	rules := []string{`["any"]`, `["marketing:paid"]`, `["sales:professional", "sales:enterprise"]`, `["any:enterprise"]`}
	var b strings.Builder
	for i := range n {
		s := real[i%len(real)]
		apis := make([]string, len(s.APIs))
		for j, a := range s.APIs {
			apis[j] = strconv.Quote(a)
		}
		fmt.Fprintf(&b, "[[scope]]\nname = %q\ngroup = %q\ndescription = %s\napis = [%s]\naccess = %q\navailable = %s\n"+
			"sensitivity = %q\n\n", fmt.Sprintf("%s.s%d", s.Name, i), s.Group, strconv.Quote(s.Description),
			strings.Join(apis, ", "), s.Access, rules[i%len(rules)], s.Sensitivity)
	}
	return b.String()
}
