package scopes_test

import (
	"fmt"

	"github.com/hsoauth/hsoauth/scopes"
)

// Which scopes grant a call, and does a token's grant cover it?
func ExampleEndpointIndex_Match() {
	ix := scopes.Endpoints()
	ms := ix.Match("get", "https://api.hubapi.com/crm/v3/objects/deals/42?properties=amount")
	best := ms[0]
	fmt.Println(best.Endpoint.Method, best.Endpoint.Path, best.Params)
	fmt.Println(best.Endpoint.Scopes)
	ok, missing := best.Endpoint.Grants([]string{"oauth", "crm.objects.contacts.read"})
	fmt.Println(ok, missing)
	// Output:
	// GET /crm/v3/objects/0-3/{dealId} map[dealId:42]
	// [[crm.objects.deals.read]]
	// false [[crm.objects.deals.read]]
}

// The smallest scope set for what an app calls.
func ExampleEndpointIndex_Cover() {
	list, err := scopes.ParseCalls([]byte("GET /crm/v3/objects/deals\nPOST /crm/v3/objects/line_items/batch/upsert\n"))
	if err != nil {
		panic(err)
	}
	res := scopes.Endpoints().Cover(list.Calls, scopes.Default(), nil)
	fmt.Println(res.Names(), res.Exact)
	// Output:
	// [crm.objects.deals.read crm.objects.line_items.write] true
}
