// Package export turns a flow trace into files other tools read: HAR 1.2, which Chrome DevTools and
// other HAR viewers open, and a Mermaid sequence diagram for slides. Both take the events as given, so
// the caller decides between the masked trace and the revealed one; neither knows Bubble Tea.
package export
