package scopes

import (
	"strings"
	"testing"
)

// TestCustomObjectsNeedCustomScopes: a call on a custom object (2-…, p_…) matches only the generic
// /objects/{objectType} template, whose alternatives list every object's scopes, oauth among them; the
// scopes that grant it are the crm.objects.custom ones, and oauth alone grants nothing.
func TestCustomObjectsNeedCustomScopes(t *testing.T) {
	for _, call := range []struct{ method, path string }{
		{"GET", "/crm/v3/objects/2-12345/9"}, {"POST", "/crm/v3/objects/p_widgets"}, {"GET", "/crm/v3/objects/P_Widgets/1"},
	} {
		ms := Endpoints().Match(call.method, call.path)
		if len(ms) == 0 {
			t.Fatalf("%s %s matches nothing", call.method, call.path)
		}
		e := ms[0].Endpoint
		if ok, _ := e.Grants([]string{"oauth"}); ok {
			t.Errorf("%s %s: oauth alone grants it", call.method, call.path)
		}
		if ok, _ := e.Grants([]string{"oauth", "tickets"}); ok {
			t.Errorf("%s %s: tickets grants a custom object", call.method, call.path)
		}
		for _, alt := range e.Scopes {
			for _, s := range alt {
				if !strings.HasPrefix(s, "crm.objects.custom.") {
					t.Errorf("%s %s: alternative %v is not a custom-object scope", call.method, call.path, alt)
				}
			}
		}
	}
	// A standard object named in the generic template gets its own scopes.
	ms := Endpoints().Match("GET", "/crm/v3/objects/deals/5")
	if ok, _ := ms[0].Endpoint.Grants([]string{"crm.objects.contacts.read"}); ok {
		t.Error("contacts.read grants a deal")
	}
}
