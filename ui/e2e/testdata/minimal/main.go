// Command minimal is the yardstick of the start-up and memory benchmarks: the smallest ordinary Bubble Tea
// program with a bubbles list in the alternate screen, as a developer would write it. Its argument is how
// many items to list (the benchmarks pass the scope catalog's size; 296 without one). It reads no data
// file, so it pays only for Bubble Tea itself. q quits.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
)

type item string

func (i item) Title() string       { return string(i) }
func (i item) Description() string { return "a HubSpot scope" }
func (i item) FilterValue() string { return string(i) }

type model struct{ l list.Model }

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.l.SetSize(msg.Width, msg.Height)
	case tea.KeyMsg:
		if msg.String() == "q" && m.l.FilterState() != list.Filtering {
			return m, tea.Quit
		}
	}
	var cmd tea.Cmd
	m.l, cmd = m.l.Update(msg)
	return m, cmd
}

func (m model) View() string { return m.l.View() }

func main() {
	n := 296
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil || v < 1 {
			fmt.Fprintf(os.Stderr, "minimal: the item count must be a positive number, not %q\n", os.Args[1])
			os.Exit(2)
		}
		n = v
	}
	items := make([]list.Item, n)
	for i := range items {
		items[i] = item(fmt.Sprintf("crm.objects.custom_%03d.read", i))
	}
	l := list.New(items, list.NewDefaultDelegate(), 80, 24)
	l.Title = "HubSpot scopes"
	if _, err := tea.NewProgram(model{l: l}, tea.WithAltScreen()).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
