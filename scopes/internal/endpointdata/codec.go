package endpointdata

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// magic starts every encoded table; the last byte is the format version.
const magic = "HSEP\x01"

// Table is a decoded endpoint table, kept compact: every operation is eight small ids into Strings
// and Sets, so the whole index costs a few hundred kilobytes of heap. Sets shared by several operations
// are decoded once; callers must treat all of it as read-only.
type Table struct {
	Strings []string
	Sets    [][][]string // alternatives of scope names; set 0 is the empty one
	Refs    []Ref
}

// Ref is one operation: ids into Table.Strings (API, Version, Method, Path, Tiers, UserLevel) and
// Table.Sets (Scopes, Legacy).
type Ref struct {
	API, Version, Method, Path, Scopes, Legacy, Tiers, UserLevel uint16
}

// maxIDs is what a Ref's uint16 can hold.
const maxIDs = 1 << 16

// encoder interns strings and alternative sets in first-seen order, so the output is a pure function of
// the rows.
type encoder struct {
	strs    []string
	strID   map[string]uint64
	sets    [][][]uint64
	setID   map[string]uint64
	records []uint64
}

func (e *encoder) str(s string) uint64 {
	if id, ok := e.strID[s]; ok {
		return id
	}
	id := uint64(len(e.strs))
	e.strs = append(e.strs, s)
	e.strID[s] = id
	return id
}

// set interns one alternatives column; set 0 is the empty one.
func (e *encoder) set(col string) uint64 {
	alts := Alternatives(col)
	key := fmt.Sprint(alts)
	if id, ok := e.setID[key]; ok {
		return id
	}
	ids := make([][]uint64, len(alts))
	for i, alt := range alts {
		for _, s := range alt {
			ids[i] = append(ids[i], e.str(s))
		}
	}
	id := uint64(len(e.sets))
	e.sets = append(e.sets, ids)
	e.setID[key] = id
	return id
}

// Encode builds the compact table: magic, the string lengths then their bytes, the alternative sets as
// string ids, then eight ids a record (api, version, method, path, scopes set, legacy set, tiers, user
// level), all as unsigned varints. It fails when the rows need more distinct strings or sets than a Ref
// can number.
func Encode(rows []Row) ([]byte, error) {
	e := &encoder{strID: map[string]uint64{}, setID: map[string]uint64{}}
	e.str("")
	e.set("")
	for _, r := range rows {
		e.records = append(e.records, e.str(r.API), e.str(r.Version), e.str(r.Method), e.str(r.Path),
			e.set(r.Scopes), e.set(r.Legacy), e.str(r.Tiers), e.str(r.UserLevel))
	}
	if len(e.strs) > maxIDs || len(e.sets) > maxIDs {
		return nil, fmt.Errorf("%d strings and %d scope sets: more than %d, widen endpointdata.Ref", len(e.strs), len(e.sets), maxIDs)
	}
	out := []byte(magic)
	out = binary.AppendUvarint(out, uint64(len(e.strs)))
	for _, s := range e.strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range e.strs {
		out = append(out, s...)
	}
	out = binary.AppendUvarint(out, uint64(len(e.sets)))
	for _, set := range e.sets {
		out = binary.AppendUvarint(out, uint64(len(set)))
		for _, alt := range set {
			out = binary.AppendUvarint(out, uint64(len(alt)))
			for _, id := range alt {
				out = binary.AppendUvarint(out, id)
			}
		}
	}
	out = binary.AppendUvarint(out, uint64(len(rows)))
	for _, id := range e.records {
		out = binary.AppendUvarint(out, id)
	}
	return out, nil
}

// reader walks an encoded table kept as a string, so decoded strings are substrings of it and cost no
// copy.
type reader struct {
	s   string
	off int
	err error
}

var errTruncated = errors.New("endpoint table is truncated")

func (r *reader) uvarint() uint64 {
	var x uint64
	for shift := 0; r.err == nil; shift += 7 {
		if r.off >= len(r.s) || shift > 63 {
			r.err = errTruncated
			break
		}
		b := r.s[r.off]
		r.off++
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
	return 0
}

// count reads a length and checks it against what is left, so a broken table cannot ask for a huge
// allocation.
func (r *reader) count() int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.s)-r.off) {
		r.err = fmt.Errorf("endpoint table: count %d at byte %d exceeds the data left", n, r.off)
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

// id reads an index below n.
func (r *reader) id(n int) int {
	v := r.uvarint()
	if r.err == nil && v >= uint64(n) {
		r.err = fmt.Errorf("endpoint table: id %d at byte %d is out of range (%d entries)", v, r.off, n)
	}
	if r.err != nil {
		return 0
	}
	return int(v)
}

// Decode reads what Encode wrote.
func Decode(data string) (Table, error) {
	if !strings.HasPrefix(data, magic) {
		return Table{}, errors.New("endpoint table: bad magic (regenerate it with go generate ./scopes)")
	}
	r := &reader{s: data, off: len(magic)}
	t := Table{Strings: r.strings()}
	t.Sets = r.sets(t.Strings)
	n := r.count()
	if r.err != nil {
		return Table{}, r.err
	}
	t.Refs = make([]Ref, n)
	ns, nsets := len(t.Strings), len(t.Sets)
	for i := range t.Refs {
		t.Refs[i] = Ref{API: r.id16(ns), Version: r.id16(ns), Method: r.id16(ns), Path: r.id16(ns),
			Scopes: r.id16(nsets), Legacy: r.id16(nsets), Tiers: r.id16(ns), UserLevel: r.id16(ns)}
	}
	if r.err != nil {
		return Table{}, r.err
	}
	if r.off != len(r.s) {
		return Table{}, fmt.Errorf("endpoint table: %d bytes left over after %d records", len(r.s)-r.off, n)
	}
	return t, nil
}

// id16 reads an index below n (at most maxIDs).
func (r *reader) id16(n int) uint16 {
	return uint16(r.id(min(n, maxIDs)))
}

func (r *reader) strings() []string {
	n := r.count()
	lens := make([]int, n)
	total := 0
	for i := range lens {
		lens[i] = r.count()
		total += lens[i]
	}
	if r.err != nil || total > len(r.s)-r.off {
		r.err = errTruncated
		return []string{""}
	}
	strs := make([]string, n)
	for i, l := range lens {
		strs[i] = r.s[r.off : r.off+l]
		r.off += l
	}
	if n == 0 {
		return []string{""}
	}
	return strs
}

func (r *reader) sets(strs []string) [][][]string {
	n := r.count()
	sets := make([][][]string, n)
	for i := range sets {
		alts := r.count()
		if alts == 0 {
			continue
		}
		sets[i] = make([][]string, alts)
		for j := range sets[i] {
			k := r.count()
			alt := make([]string, k)
			for m := range alt {
				alt[m] = strs[r.id(len(strs))]
			}
			sets[i][j] = alt
		}
	}
	if n == 0 {
		return [][][]string{nil}
	}
	return sets
}
