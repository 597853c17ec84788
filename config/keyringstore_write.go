package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/zalando/go-keyring"
)

// index lists the hub ids saved for a profile.
func (s *keyringStore) index(profile string) ([]int, error) {
	v, err := s.get(profile + "/index")
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []int
	if json.Unmarshal([]byte(v), &ids) != nil {
		s.warn(fmt.Sprintf("keyring index for profile %s was unreadable and has been reset", profile))
		return nil, nil
	}
	return ids, nil
}

func (s *keyringStore) setIndex(profile string, ids []int) error {
	if len(ids) == 0 {
		err := s.del(profile + "/index")
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		return err
	}
	data, _ := json.Marshal(ids)
	return s.set(profile+"/index", string(data))
}

// Put saves the record. Keyrings cap item size (Windows at 2560 bytes), so
// when the full record is too big we drop the refresh history and the
// requested scopes, which are nice to have, and keep the tokens.
func (s *keyringStore) Put(r *TokenRecord) error {
	if err := checkKey(r.Profile, r.HubID); err != nil {
		return err
	}
	return s.locked(r.Profile, func() error { return s.put(r) })
}

// locked serializes index updates of one profile across processes.
func (s *keyringStore) locked(profile string, fn func() error) error {
	if _, err := ensurePrivateDir(s.fileDir); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.lockWait)
	defer cancel()
	return withFileLock(ctx, filepath.Join(s.fileDir, "keyring-"+profile+".lock"), fn)
}

func (s *keyringStore) put(r *TokenRecord) error {
	sr := toStored(r)
	data, _ := json.Marshal(sr)
	err := s.set(itemName(r.Profile, r.HubID), string(data))
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		sr.History, sr.RequestedScopes, sr.OptionalScopes = nil, nil, nil
		data, _ = json.Marshal(sr)
		if err = s.set(itemName(r.Profile, r.HubID), string(data)); err == nil {
			s.warn("the keyring limits item size, so this token's refresh history was not saved")
		}
	}
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		return s.unavailable(fmt.Errorf("the token is too large for this keyring (%d bytes)", len(data)))
	}
	if err != nil {
		return err
	}
	ids, err := s.index(r.Profile)
	if err != nil || slices.Contains(ids, r.HubID) {
		return err
	}
	return s.setIndex(r.Profile, append(ids, r.HubID))
}

// Delete removes a record and its index entry.
func (s *keyringStore) Delete(profile string, hubID int) error {
	if err := checkKey(profile, hubID); err != nil {
		return err
	}
	return s.locked(profile, func() error {
		if err := s.del(itemName(profile, hubID)); err != nil {
			return err
		}
		ids, err := s.index(profile)
		if err != nil {
			return err
		}
		return s.setIndex(profile, slices.DeleteFunc(ids, func(id int) bool { return id == hubID }))
	})
}
