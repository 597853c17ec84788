package oauth_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// startSandbox runs the in-process HubSpot simulator on a loopback port.
func startSandbox(tb testing.TB, opts sandbox.Options) (*sandbox.Server, string) {
	tb.Helper()
	sb, err := sandbox.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = sb.Close(context.Background()) })
	return sb, base
}

type sandboxFlow struct {
	client   *oauth.Client
	verifier string
	code     string
}

// authorize builds the URL, consents as the portal's admin and takes the
// redirect through the paste path (the same checks as the loopback server).
func authorize(tb testing.TB, sb *sandbox.Server, base string, v oauth.APIVersion) sandboxFlow {
	tb.Helper()
	env := oauth.Environment{AppBase: base, APIBase: base, Version: v}
	app := oauth.App{ClientID: sandbox.DemoClientID, ClientSecret: sandbox.DemoClientSecret, RedirectURI: sandbox.DemoRedirectURL, PKCE: true}
	c, err := oauth.NewClient(env, app)
	if err != nil {
		tb.Fatal(err)
	}
	state, _ := oauth.NewState()
	st, _ := oauth.NewState()
	pk, _ := oauth.PKCEFor(st)
	u, err := oauth.AuthorizeURL(env, app, oauth.AuthRequest{Scopes: []string{"oauth", "crm.objects.contacts.read"},
		OptionalScopes: []string{"tickets", "content"}, State: state, Challenge: pk.Challenge})
	if err != nil {
		tb.Fatal(err)
	}
	redirected, err := sb.Consent(u, sandbox.HubServicePro, "admin", true)
	if err != nil {
		tb.Fatalf("consent: %v", err)
	}
	code, err := oauth.ParseRedirected(redirected, app.RedirectURI, state)
	if err != nil {
		tb.Fatalf("redirect: %v", err)
	}
	return sandboxFlow{client: c, verifier: pk.Verifier, code: code}
}

func TestSandboxFlowPerVersion(t *testing.T) {
	for _, v := range oauth.Versions {
		t.Run(string(v), func(t *testing.T) {
			sb, base := startSandbox(t, sandbox.Options{})
			f := authorize(t, sb, base, v)
			ctx := context.Background()
			ts, err := f.client.Exchange(ctx, f.code, f.verifier)
			if err != nil || ts.HubID != sandbox.HubServicePro || ts.ExpiresIn != 1800 {
				t.Fatalf("exchange: %v %v", ts, err)
			}
			diff := oauth.CompareScopes([]string{"oauth", "crm.objects.contacts.read"}, []string{"tickets", "content"}, ts.Scopes)
			if !diff.OK() {
				t.Fatalf("scopes: %+v", diff)
			}
			in, err := f.client.Introspect(ctx, ts.AccessToken, oauth.AccessToken)
			if err != nil || !in.Active || in.HubID != sandbox.HubServicePro {
				t.Fatalf("introspect: %+v %v", in, err)
			}
			resp, err := f.client.Call(ctx, ts.AccessToken, "/crm/v3/objects/contacts")
			if err != nil || resp.Status != 200 {
				t.Fatalf("call: %v %v", resp, err)
			}
			again, err := f.client.Refresh(ctx, ts.RefreshToken)
			if err != nil || again.Rotated {
				t.Fatalf("refresh: %v %v", again, err)
			}
			if err := f.client.Revoke(ctx, ts.RefreshToken); err != nil {
				t.Fatalf("revoke: %v", err)
			}
			if _, err := f.client.Refresh(ctx, ts.RefreshToken); err == nil {
				t.Fatal("revoked refresh token still works")
			}
			if _, err := f.client.Exchange(ctx, f.code, f.verifier); err == nil {
				t.Fatal("code redeemed twice")
			}
		})
	}
}

func TestSandboxPKCEMismatchAndExpiredCode(t *testing.T) {
	sb, base := startSandbox(t, sandbox.Options{})
	f := authorize(t, sb, base, oauth.V202603)
	_, err := f.client.Exchange(context.Background(), f.code, f.verifier+"x")
	var he *oauth.HubSpotError
	if !errors.As(err, &he) || he.ErrorCode != "invalid_grant" {
		t.Fatalf("PKCE mismatch: %v", err)
	}
	f = authorize(t, sb, base, oauth.V202603)
	sb.Clock().Advance(time.Hour)
	_, err = f.client.Exchange(context.Background(), f.code, f.verifier)
	if !errors.As(err, &he) || he.Code() != "EXPIRED_AUTH_CODE" {
		t.Fatalf("expired code: %v", err)
	}
}

func TestSandboxRefreshRotation(t *testing.T) {
	sb, base := startSandbox(t, sandbox.Options{RotateRefresh: true})
	f := authorize(t, sb, base, oauth.V3)
	ctx := context.Background()
	ts, err := f.client.Exchange(ctx, f.code, f.verifier)
	if err != nil {
		t.Fatal(err)
	}
	next, err := f.client.Refresh(ctx, ts.RefreshToken)
	if err != nil || !next.Rotated || next.RefreshToken == ts.RefreshToken {
		t.Fatalf("rotation: %v %v", next, err)
	}
	if _, err := f.client.Refresh(ctx, next.RefreshToken); err != nil {
		t.Fatalf("rotated token rejected: %v", err)
	}
}

// TestSandboxLoopbackCallback runs the browser leg for real: the callback
// server on the demo app's registered port receives the sandbox's redirect.
func TestSandboxLoopbackCallback(t *testing.T) {
	redirect := "http://localhost:53682/callback"
	if l, err := net.Listen("tcp", "127.0.0.1:53682"); err != nil {
		t.Skip("port 53682 busy")
	} else {
		_ = l.Close()
	}
	sb, base := startSandbox(t, sandbox.Options{})
	env := oauth.Environment{AppBase: base, APIBase: base, Version: oauth.V202603}
	app := oauth.App{ClientID: sandbox.DemoClientID, ClientSecret: sandbox.DemoClientSecret, RedirectURI: redirect}
	state, _ := oauth.NewState()
	srv, err := oauth.ListenCallback(context.Background(), redirect, state, oauth.CallbackOptions{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	u, _ := oauth.AuthorizeURL(env, app, oauth.AuthRequest{Scopes: []string{"oauth", "crm.objects.contacts.read"}, State: state})
	loc, err := sb.Consent(u, sandbox.HubFree, "admin", true)
	if err != nil {
		t.Fatal(err)
	}
	page := make(chan string, 1)
	go func() {
		resp, _ := (&httpGetter{}).get(loc)
		page <- resp
	}()
	res, err := srv.Wait(context.Background())
	if p := <-page; !strings.Contains(p, "Signed in") {
		t.Errorf("landing page %q", p)
	}
	if err != nil || res.Code == "" {
		t.Fatalf("%+v %v", res, err)
	}
	c, _ := oauth.NewClient(env, app)
	if _, err := c.Exchange(context.Background(), res.Code, ""); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkFlowSandbox times one complete flow in-process: authorize URL,
// consent, redirect checks, code exchange, introspection and refresh.
func BenchmarkFlowSandbox(b *testing.B) {
	sb, base := startSandbox(b, sandbox.Options{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		f := authorize(b, sb, base, oauth.V202603)
		ts, err := f.client.Exchange(ctx, f.code, f.verifier)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.client.Introspect(ctx, ts.AccessToken, oauth.AccessToken); err != nil {
			b.Fatal(err)
		}
		if _, err := f.client.Refresh(ctx, ts.RefreshToken); err != nil {
			b.Fatal(err)
		}
	}
}
