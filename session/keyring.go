package session

import "github.com/zalando/go-keyring"

// keyringGetter reads client secrets from the OS keyring for profiles that keep them there.
type keyringGetter struct{}

func (keyringGetter) Get(service, user string) (string, error) { return keyring.Get(service, user) }
