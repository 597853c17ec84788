package review

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/components/qrcode"
	"github.com/hsoauth/hsoauth/ui/components/text"
)

// rebuild recomputes everything the selection, account and hub id decide, then re-lays the content.
func (m *Model) rebuild() {
	m.url, m.urlErr, m.parts, m.qr, m.qrErr = "", nil, nil, "", nil
	switch {
	case m.deps.Service == nil:
		m.urlErr = errors.New("no app is configured")
	case m.sel.Len() == 0:
		m.urlErr = errors.New("the selection is empty: mark at least one scope in the catalog (1)")
	default:
		m.url, m.parts, m.urlErr = m.deps.Service.PreviewURL(m.sel, m.hubID)
	}
	if m.urlErr == nil {
		if m.showQR {
			m.renderQR()
		}
	} else {
		m.showQR = false
	}
	acct := m.account
	m.findings = m.c.Catalog.Lint(m.sel, &acct)
	m.grants = m.predictAll()
	m.layout()
}

// renderQR draws the URL's QR code. It runs when the code is first shown, not on every selection change:
// most selections are never shown as a QR code, and drawing one is the costliest part of a rebuild.
func (m *Model) renderQR() {
	if m.qr == "" && m.qrErr == nil && m.urlErr == nil {
		m.qr, m.qrErr = qrcode.Render(m.url)
	}
}

// predictAll predicts the install on the target account (first, when it is not a preset) and on every
// preset account type.
func (m Model) predictAll() []scopes.Grant {
	presets := scopes.Presets()
	out := make([]scopes.Grant, 0, len(presets)+1)
	isPreset := false
	for _, a := range presets {
		isPreset = isPreset || a.ID == m.account.ID
	}
	if !isPreset && m.account.ID != "" {
		out = append(out, m.c.Catalog.Predict(m.sel.ScopeParam(), m.sel.OptionalParam(), m.account))
	}
	for _, a := range presets {
		out = append(out, m.c.Catalog.Predict(m.sel.ScopeParam(), m.sel.OptionalParam(), a))
	}
	return out
}

// layout sizes the viewport to the drawing area and re-wraps the content for its width.
func (m *Model) layout() {
	if m.c.Width <= 0 { // built before the terminal's size is known: the size message lays it out
		return
	}
	m.vp.Width, m.vp.Height = m.c.Width, max(m.c.Height-1, 1)
	m.vp.SetContent(m.content(m.c.Width))
}

// content is the scrollable text, wrapped to w: URL, lint, predictions, then each parameter explained.
func (m Model) content(w int) string {
	w = max(w, 20)
	var lines []string
	lines = append(lines, m.urlLines(w)...)
	lines = append(lines, "")
	lines = append(lines, m.lintLines(w)...)
	lines = append(lines, "")
	lines = append(lines, m.predictLines(w)...)
	if len(m.parts) > 0 {
		lines = append(lines, "")
		lines = append(lines, m.paramLines(w)...)
	}
	return strings.Join(text.WrapAll(lines, w), "\n") // the headings too: the viewport would cut them
}

// urlLines is the URL, wrapped at its & separators, and what is special about it.
func (m Model) urlLines(w int) []string {
	st := m.c.Styles
	title := "Authorize URL"
	if m.hubID > 0 {
		title += st.Muted.Render(fmt.Sprintf("  account-specific: hub %d", m.hubID))
	} else {
		title += st.Muted.Render("  HubSpot asks which account (h sets a hub id)")
	}
	lines := []string{st.Title.Render(title)}
	if m.urlErr != nil {
		return append(lines, wrap(st.Error.Render("✗ "+redact.Line(m.urlErr.Error())), w)...)
	}
	lines = append(lines, text.Styled(st.Accent, text.WrapURL(m.url, w))...)
	note := "state and code_challenge are placeholders: a fresh state and PKCE challenge are made when you authorize (enter)."
	return append(lines, wrap(st.Muted.Render(note), w)...)
}

// lintLines is the verdict for the target account and every finding with its fix.
func (m Model) lintLines(w int) []string {
	st := m.c.Styles
	errs, warns := scopes.CountFindings(m.findings)
	head := st.Title.Render("Lint") + st.Muted.Render(" on "+m.account.ID+"  ")
	switch {
	case errs > 0:
		head += st.Error.Render(fmt.Sprintf("✗ %s, %s: HubSpot would refuse this URL", plural(errs, "error"), plural(warns, "warning")))
	case warns > 0:
		head += st.Warn.Render(fmt.Sprintf("! %s: it installs, but read on", plural(warns, "warning")))
	default:
		head += st.OK.Render("✓ nothing to fix")
	}
	lines := []string{head}
	for _, f := range m.findings {
		mark := st.Info.Render("i ")
		switch f.Severity {
		case scopes.SevError:
			mark = st.Error.Render("✗ ")
		case scopes.SevWarning:
			mark = st.Warn.Render("! ")
		}
		msg := wrap(f.Message, w-4)
		lines = append(lines, "  "+mark+msg[0])
		lines = append(lines, indent(msg[1:], "    ")...)
		if f.Fix != "" {
			lines = append(lines, indent(wrap(st.Muted.Render("fix: "+f.Fix), w-4), "    ")...)
		}
	}
	return lines
}

// plural is "1 error" or "2 errors".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// wrap word-wraps s to w cells, never breaking a word.
func wrap(s string, w int) []string { return text.Wrap(s, w) }

// indent prefixes every line.
func indent(lines []string, prefix string) []string {
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return lines
}

// accountColumn is the width of the account id column of the prediction table.
const accountColumn = 22

// predictLines is the compact table: one row per account type, saying what the install would grant,
// drop or why it fails. The target account is marked.
func (m Model) predictLines(w int) []string {
	st := m.c.Styles
	lines := []string{st.Title.Render("Install prediction") + st.Muted.Render("  per account type; › is the target account")}
	for _, g := range m.grants {
		cur := "  "
		id := text.PadRight(g.Account.ID, accountColumn)
		if g.Account.ID == m.account.ID {
			cur, id = st.Cursor.Render("› "), st.Selected.Render(id)
		}
		lines = append(lines, text.Truncate(cur+id+" "+m.verdict(g), w))
	}
	return lines
}

// verdict is one table cell: ✓ grants N, ! grants N, drops X, or ✗ fails: why.
func (m Model) verdict(g scopes.Grant) string {
	st := m.c.Styles
	switch {
	case g.Fails:
		why := "fails"
		if len(g.Failures) > 0 {
			why = "fails: " + strings.Join(g.Failures, "; ")
		}
		return st.Error.Render("✗ " + why)
	case len(g.Dropped) > 0:
		return st.Warn.Render(fmt.Sprintf("! grants %d, drops %s", len(g.Granted), strings.Join(g.Dropped, ", ")))
	}
	return st.OK.Render(fmt.Sprintf("✓ grants %d", len(g.Granted)))
}

// paramLines explains every part of the URL: the name and value, then what HubSpot does with it.
func (m Model) paramLines(w int) []string {
	st := m.c.Styles
	lines := []string{st.Title.Render("What each part means")}
	nameW := 0
	for _, p := range m.parts {
		nameW = max(nameW, len(p.Name))
	}
	for _, p := range m.parts {
		value := p.Value
		switch p.Name {
		case "state", "code_challenge":
			value = "(placeholder: made fresh when you authorize)"
		}
		pad := strings.Repeat(" ", nameW+4)
		vals := wrap(value, w-nameW-4)
		lines = append(lines, "  "+st.Accent.Render(text.PadRight(p.Name, nameW))+"  "+vals[0])
		lines = append(lines, indent(vals[1:], pad)...)
		lines = append(lines, indent(wrap(st.Muted.Render(p.Meaning), w-nameW-4), pad)...)
	}
	return lines
}
