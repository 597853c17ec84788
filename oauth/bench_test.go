package oauth

import "testing"

func BenchmarkAuthorizeURL(b *testing.B) {
	app := App{ClientID: "7fff1e36-2d40-4ae1-bbb1-5266d59564fb", RedirectURI: DefaultRedirectURI, PKCE: true}
	req := AuthRequest{Scopes: []string{"oauth", "crm.objects.contacts.read", "crm.objects.contacts.write"},
		OptionalScopes: []string{"automation"}, State: "WeHH_yy2irpl8UYAvv-my-0123456789abcdefghijk",
		Challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}
	env := HubSpot()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AuthorizeURL(env, app, req); err != nil {
			b.Fatal(err)
		}
	}
}
