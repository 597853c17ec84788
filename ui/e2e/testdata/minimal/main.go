// Command minimal is the yardstick of the start-up and memory benchmarks: the smallest ordinary Bubble Tea
// program with a bubbles list of 294 items (as many as the scope catalog has) in the alternate screen, as a
// developer would write it. It reads no data file, so it pays only for Bubble Tea itself. q quits.
package main

import (
	"fmt"
	"os"

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
	items := make([]list.Item, 294)
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
