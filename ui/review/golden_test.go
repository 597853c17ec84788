package review

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// sizes are the drawing areas of a 60x20 (the smallest supported), an 80x24 and a 120x40 terminal (the
// root takes 3 lines).
var sizes = [][2]int{{60, 17}, {80, 21}, {120, 37}}

func TestGoldenReview(t *testing.T) {
	for _, s := range sizes {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]+3), func(t *testing.T) {
			m := newModel(t, s[0], s[1])
			v := m.View()
			checkFits(t, v, s[0], s[1])
			golden.RequireEqual(t, []byte(v))
		})
	}
}

func TestGoldenScrolled(t *testing.T) {
	for _, s := range sizes {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]+3), func(t *testing.T) {
			m := newModel(t, s[0], s[1])
			m, _ = press(m, "pgdown")
			v := m.View()
			checkFits(t, v, s[0], s[1])
			golden.RequireEqual(t, []byte(v))
		})
	}
}

func TestGoldenQR(t *testing.T) {
	for _, s := range sizes {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]+3), func(t *testing.T) {
			m := newModel(t, s[0], s[1])
			m, _ = press(m, "Q")
			v := m.View()
			checkFits(t, v, s[0], s[1])
			golden.RequireEqual(t, []byte(v))
		})
	}
}

func TestGoldenHubInput(t *testing.T) {
	m := newModel(t, 80, 21)
	m, _ = press(m, "h")
	m, _ = press(m, "4a2x4")
	v := m.View()
	checkFits(t, v, 80, 21)
	golden.RequireEqual(t, []byte(v))
}

func TestGoldenAccountSpecificFailing(t *testing.T) {
	m := New(newCommon(80, 21), Deps{Service: fakeSession()}, demoSelection(), account(t, "developer"))
	m, _ = m.applyHubID("20000002")
	v := m.View()
	checkFits(t, v, 80, 21)
	golden.RequireEqual(t, []byte(v))
}
