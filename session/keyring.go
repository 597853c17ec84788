package session

import (
	"github.com/hsoauth/hsoauth/config"
	"github.com/zalando/go-keyring"
)

// osKeyring reads client secrets from the OS keyring for profiles that keep them there.
var osKeyring config.SecretGetter = config.KeyringFunc(keyring.Get)
