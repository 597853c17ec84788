package sandbox

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"
)

// maxCRMWrites bounds what API writes may add per portal (records created,
// properties set), so a script cannot grow the sandbox without limit; past
// it, writes are refused with a message saying how to make room.
const maxCRMWrites = 10000

// crmRecord is one CRM object.
type crmRecord struct {
	id               string
	props            map[string]string
	created, updated time.Time
	archived         bool
	assoc            map[string][]string // to-type -> ids, in link order
}

// portalCRM is one portal's records, seeded lazily on first use.
type portalCRM struct {
	objs   map[string]map[string]*crmRecord // type -> id -> record
	order  map[string][]string              // type -> ids in creation order
	nextID int
	writes int
}

// crmStore holds every portal's records behind one mutex.
type crmStore struct {
	mu      sync.Mutex
	portals map[int]*portalCRM
}

// portalLocked returns the portal's records, seeding them on first use.
// Caller holds mu.
func (cs *crmStore) portalLocked(p *Portal) *portalCRM {
	if cs.portals == nil {
		cs.portals = map[int]*portalCRM{}
	}
	pc := cs.portals[p.HubID]
	if pc == nil {
		pc = seedPortal(p)
		cs.portals[p.HubID] = pc
	}
	return pc
}

// reset forgets every write (admin reset): portals re-seed on next use.
func (cs *crmStore) reset() {
	cs.mu.Lock()
	cs.portals = nil
	cs.mu.Unlock()
}

func (pc *portalCRM) put(objType string, rec *crmRecord) {
	if pc.objs[objType] == nil {
		pc.objs[objType] = map[string]*crmRecord{}
	}
	if _, ok := pc.objs[objType][rec.id]; !ok {
		pc.order[objType] = append(pc.order[objType], rec.id)
	}
	pc.objs[objType][rec.id] = rec
}

// get returns a record, archived or not.
func (pc *portalCRM) get(objType, id string) (*crmRecord, bool) {
	rec, ok := pc.objs[objType][id]
	return rec, ok
}

// find looks a record up by id or, with idProperty, by a property's value.
func (pc *portalCRM) find(objType, key, idProperty string) (*crmRecord, bool) {
	if idProperty == "" || idProperty == "hs_object_id" {
		return pc.get(objType, key)
	}
	for _, id := range pc.order[objType] {
		if rec := pc.objs[objType][id]; rec.props[idProperty] == key {
			return rec, true
		}
	}
	return nil, false
}

// list returns the records of a type, live or archived, in creation order.
func (pc *portalCRM) list(objType string, archived bool) []*crmRecord {
	var out []*crmRecord
	for _, id := range pc.order[objType] {
		if rec := pc.objs[objType][id]; rec.archived == archived {
			out = append(out, rec)
		}
	}
	return out
}

// link associates two records both ways.
func (pc *portalCRM) link(fromType, fromID, toType, toID string) {
	from, ok1 := pc.get(fromType, fromID)
	to, ok2 := pc.get(toType, toID)
	if !ok1 || !ok2 {
		return
	}
	addAssoc(from, toType, toID)
	addAssoc(to, fromType, fromID)
}

// unlink removes an association both ways.
func (pc *portalCRM) unlink(fromType, fromID, toType, toID string) {
	if from, ok := pc.get(fromType, fromID); ok {
		from.assoc[toType] = slices.DeleteFunc(from.assoc[toType], func(x string) bool { return x == toID })
	}
	if to, ok := pc.get(toType, toID); ok {
		to.assoc[fromType] = slices.DeleteFunc(to.assoc[fromType], func(x string) bool { return x == fromID })
	}
}

func addAssoc(rec *crmRecord, toType, toID string) {
	if rec.assoc == nil {
		rec.assoc = map[string][]string{}
	}
	if !slices.Contains(rec.assoc[toType], toID) {
		rec.assoc[toType] = append(rec.assoc[toType], toID)
	}
}

// create stores a new record with the next id and HubSpot's system
// properties; it reports false when the portal's write budget is spent.
func (pc *portalCRM) create(objType string, props map[string]string, now time.Time) (*crmRecord, bool) {
	if !pc.spend(len(props) + 1) {
		return nil, false
	}
	rec := &crmRecord{id: strconv.Itoa(pc.nextID), props: map[string]string{}, created: now, updated: now}
	pc.nextID++
	for k, v := range props {
		rec.props[k] = v
	}
	pc.put(objType, rec)
	return rec, true
}

// update sets properties (an empty value clears one, as on HubSpot).
func (pc *portalCRM) update(rec *crmRecord, objType string, props map[string]string, now time.Time) bool {
	if !pc.spend(len(props)) {
		return false
	}
	for k, v := range props {
		if v == "" {
			delete(rec.props, k)
		} else {
			rec.props[k] = v
		}
	}
	rec.updated = now
	return true
}

func (pc *portalCRM) spend(n int) bool {
	if pc.writes+n > maxCRMWrites {
		return false
	}
	pc.writes += n
	return true
}

// propMap is a properties object as clients send it: HubSpot stores every
// value as a string but takes numbers and booleans too, and null clears.
type propMap map[string]string

// UnmarshalJSON accepts string, number, boolean and null values.
func (p *propMap) UnmarshalJSON(data []byte) error {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make(propMap, len(raw))
	for k, v := range raw {
		switch x := v.(type) {
		case nil:
			out[k] = ""
		case string:
			out[k] = x
		case float64, bool:
			out[k] = fmt.Sprint(x)
		default:
			return fmt.Errorf("property %q: want a string, number or boolean, got %s", k, jsonKind(v))
		}
	}
	*p = out
	return nil
}

func jsonKind(v any) string {
	if _, ok := v.([]any); ok {
		return "an array"
	}
	return "an object"
}
