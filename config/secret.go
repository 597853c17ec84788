package config

import (
	"errors"
	"fmt"
	"strings"
)

// KeyringService is the OS keyring service hsoauth uses for its own items
// (tokens, and client secrets named without a service).
const KeyringService = "hsoauth"

// SecretGetter is the one keyring call ResolveSecret needs. go-keyring's
// package-level Get fits via KeyringFunc; tests pass a map.
type SecretGetter interface {
	Get(service, user string) (string, error)
}

// KeyringFunc adapts a function such as keyring.Get to SecretGetter.
type KeyringFunc func(service, user string) (string, error)

// Get calls f.
func (f KeyringFunc) Get(service, user string) (string, error) { return f(service, user) }

// ResolveSecret finds the client secret wherever the profile says it is: in
// the file (or HSOAUTH_CLIENT_SECRET, already applied by Load), in the named
// environment variable, or in a keyring entry ("account" in the hsoauth
// service, or "service:account"). Errors say where we looked, never what
// we found.
func (p *Profile) ResolveSecret(getenv func(string) string, keyring SecretGetter) (string, error) {
	switch {
	case p.ClientSecret != "":
		return p.ClientSecret, nil
	case p.ClientSecretEnv != "":
		return p.secretFromEnv(getenv)
	case p.ClientSecretKeyring != "":
		return p.secretFromKeyring(keyring)
	}
	return "", fmt.Errorf("profile %s has no client secret: set client_secret_env (or client_secret_keyring) in the profile, or HSOAUTH_CLIENT_SECRET", p.Name)
}

func (p *Profile) secretFromEnv(getenv func(string) string) (string, error) {
	if getenv == nil {
		return "", errors.New("no environment available to read " + p.ClientSecretEnv)
	}
	v := getenv(p.ClientSecretEnv)
	if v == "" {
		return "", fmt.Errorf("profile %s reads its client secret from $%s, which is not set", p.Name, p.ClientSecretEnv)
	}
	if problem := secretProblem(v, p.ClientID); problem != "" {
		return "", fmt.Errorf("$%s %s", p.ClientSecretEnv, problem)
	}
	return v, nil
}

func (p *Profile) secretFromKeyring(kr SecretGetter) (string, error) {
	service, user := KeyringService, p.ClientSecretKeyring
	if s, u, ok := strings.Cut(user, ":"); ok {
		service, user = s, u
	}
	where := fmt.Sprintf("keyring entry %s (service %s)", quote(user), quote(service))
	if kr == nil {
		return "", errors.New("no keyring available to read " + where)
	}
	v, err := kr.Get(service, user)
	if err != nil {
		return "", fmt.Errorf("profile %s: read client secret from %s: %w", p.Name, where, err)
	}
	v = fromUTF16(v)
	if problem := secretProblem(v, p.ClientID); problem != "" {
		return "", fmt.Errorf("%s %s", where, problem)
	}
	return v, nil
}

// fromUTF16 decodes a secret stored as UTF-16LE, which is how Windows' cmdkey writes a password (go-keyring
// hands the raw bytes back): ASCII text with a zero byte after every character. Anything else is returned
// as it is.
func fromUTF16(v string) string {
	if len(v) < 2 || len(v)%2 != 0 {
		return v
	}
	out := make([]byte, 0, len(v)/2)
	for i := 0; i < len(v); i += 2 {
		if v[i+1] != 0 || v[i] == 0 || v[i] > 0x7e {
			return v
		}
		out = append(out, v[i])
	}
	return string(out)
}
