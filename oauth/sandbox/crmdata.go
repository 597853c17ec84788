package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// crmTypes are the CRM objects the sandbox keeps sample records of, with
// the singular HubSpot uses in association type names, the properties a
// read returns when it names none, and the first id of the seeded records.
var crmTypes = map[string]crmType{
	"contacts":   {"contact", []string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}, 101},
	"companies":  {"company", []string{"createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"}, 201},
	"deals":      {"deal", []string{"amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"}, 301},
	"tickets":    {"ticket", []string{"content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"}, 401},
	"line_items": {"line_item", []string{"amount", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_product_id", "name", "price", "quantity"}, 501},
	"products":   {"product", []string{"createdate", "description", "hs_lastmodifieddate", "hs_object_id", "hs_sku", "name", "price"}, 601},
}

type crmType struct {
	singular string
	defaults []string
	firstID  int
}

// associationTypeIDs are HubSpot's HUBSPOT_DEFINED association type ids
// for the pairs the sample data links.
var associationTypeIDs = map[string]int{
	"contact_to_company": 279, "company_to_contact": 280, "deal_to_contact": 3, "contact_to_deal": 4,
	"deal_to_company": 341, "company_to_deal": 342, "ticket_to_contact": 16, "contact_to_ticket": 15,
	"ticket_to_company": 339, "company_to_ticket": 340, "line_item_to_deal": 20, "deal_to_line_item": 19,
}

// sampleEpoch is when every portal's sample records were "created".
var sampleEpoch = time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)

var (
	samplePeople = [][2]string{{"Ada", "Lovelace"}, {"Grace", "Hopper"}, {"Alan", "Turing"}, {"Katherine", "Johnson"},
		{"Edsger", "Dijkstra"}, {"Barbara", "Liskov"}, {"Donald", "Knuth"}, {"Margaret", "Hamilton"},
		{"Dennis", "Ritchie"}, {"Frances", "Allen"}, {"Ken", "Thompson"}, {"Radia", "Perlman"}}
	sampleCompanies = []string{"Analytical Engines", "Compiler Works", "Enigma Labs", "Orbital Mechanics", "Shortest Path Co"}
	sampleProducts  = [][2]string{{"Starter plan", "50.00"}, {"Professional plan", "800.00"}, {"Enterprise plan", "3600.00"},
		{"Onboarding", "1500.00"}, {"Training day", "950.00"}}
	sampleTickets = []string{"Cannot log in", "Invoice question", "Feature request: dark mode", "Data import failed"}
	sampleStages  = []string{"appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon"}
)

// seedPortal builds a portal's sample records: the same people, companies,
// deals, tickets, products and line items in every portal, at its domain,
// linked by associations.
func seedPortal(p *Portal) *portalCRM {
	pc := &portalCRM{objs: map[string]map[string]*crmRecord{}, order: map[string][]string{}, nextID: 1001}
	stamp := func(i int) time.Time { return sampleEpoch.Add(time.Duration(i) * time.Hour) }
	for i, name := range sampleCompanies {
		slug := strings.ToLower(strings.ReplaceAll(name, " ", ""))
		pc.seed("companies", i, stamp(i), map[string]string{"name": name, "domain": slug + ".example", "industry": "COMPUTER_SOFTWARE", "city": "Boston"})
	}
	for i, person := range samplePeople {
		email := strings.ToLower(person[0]) + "@" + p.Domain
		if i >= 3 {
			email = strings.ToLower(person[0]+"."+person[1]) + "@" + p.Domain
		}
		pc.seed("contacts", i, stamp(i), map[string]string{"firstname": person[0], "lastname": person[1], "email": email,
			"company": sampleCompanies[i%len(sampleCompanies)], "phone": fmt.Sprintf("+1 617 555 %04d", 100+i), "lifecyclestage": "lead"})
		pc.link("contacts", id("contacts", i), "companies", id("companies", i%len(sampleCompanies)))
	}
	for i, prod := range sampleProducts {
		pc.seed("products", i, stamp(i), map[string]string{"name": prod[0], "price": prod[1], "hs_sku": fmt.Sprintf("SKU-%03d", i+1),
			"description": prod[0] + " (sample product)"})
	}
	for i := range 6 {
		prod := sampleProducts[i%len(sampleProducts)]
		pc.seed("deals", i, stamp(i), map[string]string{"dealname": sampleCompanies[i%len(sampleCompanies)] + " - " + prod[0],
			"amount": prod[1], "dealstage": sampleStages[i], "pipeline": "default", "closedate": stamp(24 * 30).Format(hsTime)})
		pc.link("deals", id("deals", i), "contacts", id("contacts", i))
		pc.link("deals", id("deals", i), "companies", id("companies", i%len(sampleCompanies)))
		if i < 4 {
			pc.seed("line_items", i, stamp(i), map[string]string{"name": prod[0], "price": prod[1], "quantity": "1", "amount": prod[1],
				"hs_product_id": id("products", i%len(sampleProducts))})
			pc.link("line_items", id("line_items", i), "deals", id("deals", i))
		}
	}
	for i, subject := range sampleTickets {
		pc.seed("tickets", i, stamp(i), map[string]string{"subject": subject, "content": subject + " (sample ticket)", "hs_pipeline": "0",
			"hs_pipeline_stage": strconv.Itoa(1 + i%4), "hs_ticket_priority": []string{"LOW", "MEDIUM", "HIGH"}[i%3], "hs_ticket_category": "GENERAL_INQUIRY"})
		pc.link("tickets", id("tickets", i), "contacts", id("contacts", i))
	}
	return pc
}

// id is the id of the i-th seeded record of a type.
func id(objType string, i int) string { return strconv.Itoa(crmTypes[objType].firstID + i) }

// hsTime is how HubSpot writes datetimes in v3 bodies.
const hsTime = "2006-01-02T15:04:05.000Z"

// seed stores one sample record.
func (pc *portalCRM) seed(objType string, i int, at time.Time, props map[string]string) {
	rec := &crmRecord{id: id(objType, i), props: props, created: at, updated: at}
	pc.put(objType, rec)
}

// sampleOwners are each portal's owners (its users plus a sales rep).
func sampleOwners(p *Portal) []map[string]any {
	var out []map[string]any
	for i, u := range p.Users {
		local, _, _ := strings.Cut(u.Email, "@")
		out = append(out, ownerJSON(strconv.Itoa(701+i), u.Email, strings.ToUpper(local[:1])+local[1:], "User", u.ID))
	}
	return append(out, ownerJSON(strconv.Itoa(701+len(p.Users)), "rep@"+p.Domain, "Sam", "Seller", p.Users[0].ID+5))
}

func ownerJSON(id, email, first, last string, userID int) map[string]any {
	return map[string]any{"id": id, "email": email, "type": "PERSON", "firstName": first, "lastName": last,
		"userId": userID, "userIdIncludingInactive": userID, "createdAt": sampleEpoch.Format(hsTime),
		"updatedAt": sampleEpoch.Format(hsTime), "archived": false, "teams": []any{}}
}
