package session

import (
	"fmt"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/scopes"
)

// Saved returns the selection and target account to start from: what the user last saved for this profile
// (the TUI saves on every change), else the profile's configured scopes, else oauth alone.
func (s *Session) Saved() (scopes.Selection, scopes.Account) {
	st, err := config.LoadState(s.stateDir, s.Profile.Name)
	if err != nil && s.warn != nil {
		s.warn(err.Error()) // an unreadable state file was moved aside; say so rather than start silently over
	}
	sel := fromConfig(st.Selection)
	if sel.Len() == 0 {
		sel = fromConfig(s.Profile.Scopes)
	}
	if sel.Len() == 0 {
		sel = scopes.Selection{Required: []string{"oauth"}}
	}
	id := st.Account
	if id == "" {
		id = s.Profile.Account
	}
	acct, err := scopes.ParseAccount(id)
	if err != nil {
		if id != "" && s.warn != nil {
			s.warn(err.Error() + "; targeting marketing-starter instead")
		}
		acct, _ = scopes.ParseAccount("marketing-starter")
	}
	for _, n := range acct.Notes {
		if s.warn != nil {
			s.warn(fmt.Sprintf("account %q: %s", id, n))
		}
	}
	return sel, acct
}

// Save remembers the selection and target account for the profile, in the state directory.
func (s *Session) Save(sel scopes.Selection, account string) error {
	st, _ := config.LoadState(s.stateDir, s.Profile.Name)
	st.Selection = config.Selection{Required: sel.Required, ConditionallyRequired: sel.ConditionallyRequired, Optional: sel.Optional}
	st.Account = account
	return config.SaveState(s.stateDir, s.Profile.Name, st)
}

func fromConfig(c config.Selection) scopes.Selection {
	return scopes.Selection{Required: c.Required, ConditionallyRequired: c.ConditionallyRequired, Optional: c.Optional}
}

// SavedHub is the portal to pin at start: the one the user last pinned in the TUI (NoHub: unpinned on
// purpose), else the profile's hub_id, else 0 (none).
func (s *Session) SavedHub() int {
	if st, err := config.LoadState(s.stateDir, s.Profile.Name); err == nil && (st.HubID > 0 || st.HubID == NoHub) {
		return st.HubID
	}
	return s.Profile.HubID
}

// SaveHub remembers the pinned portal for the profile (0: none, HubSpot asks).
func (s *Session) SaveHub(hubID int) error {
	st, _ := config.LoadState(s.stateDir, s.Profile.Name)
	st.HubID = max(hubID, 0)
	if hubID <= 0 && s.Profile.HubID > 0 {
		st.HubID = NoHub // unpinned on purpose: do not fall back to the profile's hub_id next time
	}
	return config.SaveState(s.stateDir, s.Profile.Name, st)
}
