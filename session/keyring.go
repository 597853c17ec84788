package session

import (
	"sync"

	"github.com/hsoauth/hsoauth/config"
)

// secretSource finds the client secret the first time a call needs it (exchange, refresh, introspection,
// revocation), so `url`, `token` and `portals` work without one and a keyring holding it is only asked
// when it matters. A secret in the file or the environment costs nothing and is taken at once.
type secretSource struct {
	resolve func() (string, error)
	once    *sync.Once
	err     error
}

// early returns the secret now when finding it touches nothing (file, environment), else "" and defers the
// keyring lookup to needSecret.
func (src *secretSource) early(p *config.Profile) string {
	src.once = new(sync.Once)
	if p.ClientSecretKeyring != "" {
		return ""
	}
	secret, err := src.resolve()
	src.err = err
	src.once.Do(func() {}) // resolved: needSecret only reports err from now on
	return secret
}

// needSecret makes sure the client has its secret, or says why it cannot have one.
func (s *Session) needSecret() error {
	if s.secret.once == nil {
		return nil // sandbox: the demo app's secret is built in
	}
	s.secret.once.Do(func() {
		secret, err := s.secret.resolve()
		if err == nil {
			// Replace the client rather than change it, under clientMu: a screen may be reading the one it
			// has (PreviewURL) on another goroutine.
			s.clientMu.Lock()
			next := *s.Client
			next.App.ClientSecret = secret
			s.Client = &next
			s.clientMu.Unlock()
		}
		s.secret.err = err
	})
	return s.secret.err
}
