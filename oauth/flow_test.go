package oauth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// runLogin performs the real flow against a fake hub: listen, build the
// URL, let the fake browser follow it, wait, exchange.
func runLogin(t *testing.T, hub *fakeHub, trace *Trace) (*Client, *TokenSet) {
	t.Helper()
	port := freePort(t)
	app := hub.app()
	app.RedirectURI = redirectFor(port)
	c, err := NewClient(hub.env(), app, WithTrace(trace))
	if err != nil {
		t.Fatal(err)
	}
	state := mustState(t)
	pk, err := PKCEFor(mustState(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := listenTest(t, port, state, CallbackOptions{Timeout: 10 * time.Second})
	u, err := AuthorizeURL(c.Env, app, AuthRequest{Scopes: []string{"crm.objects.contacts.read"}, State: state, Challenge: pk.Challenge})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := browser(t, u)
	if resp.StatusCode != 200 || !strings.Contains(body, "Signed in") {
		t.Fatalf("landing page: %d %q", resp.StatusCode, body)
	}
	res, err := srv.Wait(context.Background())
	if err != nil || res.Code == "" {
		t.Fatalf("Wait: %+v %v", res, err)
	}
	ts, err := c.Exchange(context.Background(), res.Code, pk.Verifier)
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	return c, ts
}

func TestFlowPerVersion(t *testing.T) {
	for _, v := range Versions {
		t.Run(string(v), func(t *testing.T) {
			hub := newFakeHub(t, v)
			c, ts := runLogin(t, hub, NewTrace(50))
			if ts.HubID != 1234567 || ts.UserID != 222222 || ts.ExpiresIn != 1800 || len(ts.Scopes) != 2 {
				t.Fatalf("token set: %v", ts)
			}
			ctx := context.Background()
			in, err := c.Introspect(ctx, ts.AccessToken, AccessToken)
			if err != nil || !in.Active || in.HubID != 1234567 || in.User != "jdoe@example.com" || in.ExpiresIn != 1789 {
				t.Fatalf("introspect access: %+v %v", in, err)
			}
			if in.Raw["token"] == ts.AccessToken {
				t.Fatal("Raw carries the unmasked token")
			}
			rin, err := c.Introspect(ctx, ts.RefreshToken, RefreshToken)
			if err != nil || !rin.Active || rin.Token != RefreshToken {
				t.Fatalf("introspect refresh: %+v %v", rin, err)
			}
			resp, err := c.Call(ctx, ts.AccessToken, "/account-info/v3/details")
			if err != nil || resp.Status != 200 || !strings.Contains(string(resp.Body), "portalId") {
				t.Fatalf("call: %+v %v", resp, err)
			}
			again, err := c.Refresh(ctx, ts.RefreshToken)
			if err != nil || again.Rotated || again.RefreshToken != ts.RefreshToken || again.AccessToken == ts.AccessToken {
				t.Fatalf("refresh without rotation: %v %v", again, err)
			}
			if err := c.Revoke(ctx, ts.RefreshToken); err != nil {
				t.Fatalf("revoke: %v", err)
			}
			after, err := c.Introspect(ctx, ts.RefreshToken, RefreshToken)
			if v == V1 {
				var he *HubSpotError
				if !errors.As(err, &he) {
					t.Fatalf("v1 introspect after revoke: %v %v", after, err)
				}
			} else if err != nil || after.Active {
				t.Fatalf("introspect after revoke: %+v %v", after, err)
			}
			if _, err := c.Refresh(ctx, ts.RefreshToken); err == nil {
				t.Fatal("refresh with a revoked token succeeded")
			}
		})
	}
}

func TestFlowDeny(t *testing.T) {
	port := freePort(t)
	state := mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{})
	code, body := get(t, port, "/oauth-callback?error=access_denied&error_description=User%20said%20no&state="+state, nil)
	if code != 200 || !strings.Contains(body, "did not complete") {
		t.Fatalf("deny page %d %q", code, body)
	}
	res, err := srv.Wait(context.Background())
	var ae *AuthError
	if !errors.As(err, &ae) || !ae.Denied() || res.Err == nil || res.Code != "" {
		t.Fatalf("deny: %+v %v", res, err)
	}
}

func TestFlowExpiredCode(t *testing.T) {
	hub := newFakeHub(t, V202603)
	hub.expireCodes = true
	port := freePort(t)
	app := hub.app()
	app.RedirectURI = redirectFor(port)
	c, _ := NewClient(hub.env(), app)
	state := mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{})
	u, _ := AuthorizeURL(c.Env, App{ClientID: app.ClientID, RedirectURI: app.RedirectURI}, AuthRequest{Scopes: []string{"oauth"}, State: state})
	browser(t, u)
	res, err := srv.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Exchange(context.Background(), res.Code, "")
	var he *HubSpotError
	if !errors.As(err, &he) || he.Code() != "EXPIRED_AUTH_CODE" || !strings.Contains(he.NextStep(), "Sign in again") {
		t.Fatalf("expired code: %v", err)
	}
}

func TestFlowRefreshRotation(t *testing.T) {
	hub := newFakeHub(t, V3)
	hub.rotate = true
	c, ts := runLogin(t, hub, nil)
	got, err := c.Refresh(context.Background(), ts.RefreshToken)
	if err != nil || !got.Rotated || got.RefreshToken == ts.RefreshToken {
		t.Fatalf("rotation not noticed: %v %v", got, err)
	}
	_, err = c.Refresh(context.Background(), ts.RefreshToken)
	var he *HubSpotError
	if !errors.As(err, &he) || he.ErrorCode != "invalid_grant" || he.Status != "BAD_REFRESH_TOKEN" {
		t.Fatalf("old refresh token accepted after rotation: %v", err)
	}
	if _, err := c.Refresh(context.Background(), got.RefreshToken); err != nil {
		t.Fatalf("new refresh token rejected: %v", err)
	}
}
