package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// ProfileState is what the TUI remembers per profile between runs: the scope
// selection and target account the user last worked with. It lives in the
// state directory, not the config file, because we never rewrite the
// user's file.
type ProfileState struct {
	Selection Selection
	Account   string
	HubID     int
}

type stateFile struct {
	Version               int      `json:"version"`
	Required              []string `json:"required,omitempty"`
	ConditionallyRequired []string `json:"conditionally_required,omitempty"`
	Optional              []string `json:"optional,omitempty"`
	Account               string   `json:"account,omitempty"`
	HubID                 int      `json:"hub_id,omitempty"`
}

func statePath(stateDir, profile string) (string, error) {
	if err := checkKey(profile, 0); err != nil {
		return "", err
	}
	if stateDir == "" {
		return "", errNoStateDir
	}
	return filepath.Join(stateDir, "profiles", profile+".json"), nil
}

// LoadState returns the saved state of a profile in stateDir, or the zero
// state when none was saved. An unreadable state file is moved aside and
// reported, with the zero state, so the TUI can carry on.
func LoadState(stateDir, profile string) (ProfileState, error) {
	path, err := statePath(stateDir, profile)
	if err != nil {
		return ProfileState{}, err
	}
	data, err := readPrivate(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ProfileState{}, nil
	}
	if err != nil {
		return ProfileState{}, fmt.Errorf("read saved state: %w", err)
	}
	var sf stateFile
	if err := json.Unmarshal(data, &sf); err != nil || sf.Version != 1 {
		dest := corruptName(path, time.Now())
		_ = os.Rename(path, dest)
		return ProfileState{}, fmt.Errorf("saved state for profile %s was unreadable and was moved to %s", profile, dest)
	}
	return ProfileState{
		Selection: Selection{Required: sf.Required, ConditionallyRequired: sf.ConditionallyRequired, Optional: sf.Optional},
		Account:   sf.Account, HubID: sf.HubID,
	}, nil
}

// readPrivate reads a small private file without following a link at it or at its directory.
func readPrivate(path string) ([]byte, error) {
	if _, err := checkNotLink(filepath.Dir(path)); err != nil {
		return nil, err
	}
	f, err := openPrivate(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	return io.ReadAll(io.LimitReader(f, MaxInputSize))
}

// SaveState stores a profile's state atomically in a private directory.
func SaveState(stateDir, profile string, st ProfileState) error {
	path, err := statePath(stateDir, profile)
	if err != nil {
		return err
	}
	if _, err := ensurePrivateDir(stateDir); err != nil {
		return err
	}
	if _, err := ensurePrivateDir(filepath.Dir(path)); err != nil {
		return err
	}
	data, err := json.MarshalIndent(stateFile{
		Version: 1, Required: st.Selection.Required, ConditionallyRequired: st.Selection.ConditionallyRequired,
		Optional: st.Selection.Optional, Account: st.Account, HubID: st.HubID,
	}, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(path, append(data, '\n'), false)
}
