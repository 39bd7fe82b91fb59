package registry

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/zclconf/go-cty/cty/gocty"
)

// checkFields panics unless the struct cfg points to can be decoded as
// the experiment loader decodes it (gohcl): an attribute field of a type
// gocty cannot convert (a chan, a func) would panic with a stack trace
// the first time a file set it; an embedded struct without a tag, whose
// fields gohcl does not look into, makes them attributes no file can set;
// and a struct with exported fields none of which is tagged takes no
// settings at all. Nested block structs are checked the same way. The
// message names the field and what to do.
func checkFields(kind, name string, t reflect.Type, path string) {
	tagged, untagged := 0, 0
	for i := range t.NumField() {
		f := t.Field(i)
		where := path + f.Name
		tag, ok := f.Tag.Lookup("hcl")
		if ok && tag == "" {
			continue // hcl:"" asks the loader to skip the field
		}
		switch {
		case ok && !f.IsExported():
			panic(fmt.Sprintf("registry: %s %q: field %s is tagged %q but unexported, so the loader cannot set it; export it", kind, name, where, tag))
		case !ok && f.Anonymous && hasSettings(f.Type):
			panic(fmt.Sprintf("registry: %s %q: embedded field %s has no hcl tag, and the loader does not look inside embedded structs; list its settings as fields of the config, or tag it `hcl:\"<name>,block\"`", kind, name, where))
		case !f.IsExported() && !f.Anonymous, !ok && f.Anonymous:
			// Unexported, or embedded without settings of its own (a
			// sync.Mutex): nothing a file could mean to set.
			continue
		case !ok:
			untagged++
			continue
		}
		tagged++
		_, how, _ := strings.Cut(tag, ",")
		switch how {
		case "", "attr", "optional":
			if decodedAsIs(f.Type) {
				continue
			}
			if _, err := gocty.ImpliedType(reflect.New(f.Type).Interface()); err != nil {
				panic(fmt.Sprintf("registry: %s %q: field %s (tag %q) has type %s, which no HCL value converts to: %v", kind, name, where, tag, f.Type, err))
			}
		case "block":
			bt := f.Type
			if bt.Kind() == reflect.Slice {
				bt = bt.Elem()
			}
			if bt.Kind() == reflect.Pointer {
				bt = bt.Elem()
			}
			if bt.Kind() != reflect.Struct {
				panic(fmt.Sprintf("registry: %s %q: block field %s has type %s; a block decodes into a struct, a pointer to one or a slice of them", kind, name, where, f.Type))
			}
			checkFields(kind, name, bt, where+".")
		}
	}
	if tagged == 0 && untagged > 0 {
		panic(fmt.Sprintf("registry: %s %q: none of the %d exported fields of %s has an hcl tag, so no file can set them; tag each setting `hcl:\"<name>,optional\"`", kind, name, untagged, t))
	}
}

// hasSettings reports whether t is a struct, or a pointer to one, with a
// field tagged for the loader, its own or an embedded struct's.
func hasSettings(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("hcl") != "" {
			return true
		}
		if _, tagged := f.Tag.Lookup("hcl"); !tagged && f.Anonymous && hasSettings(f.Type) {
			return true
		}
	}
	return false
}

// decodedAsIs reports whether gohcl hands a field of type t the
// expression or value as written (hcl.Expression, hcl.Attribute, a
// cty.Value), rather than converting it.
func decodedAsIs(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.PkgPath() + "." + t.Name() {
	case "github.com/hashicorp/hcl/v2.Expression", "github.com/hashicorp/hcl/v2.Attribute",
		"github.com/hashicorp/hcl/v2.Body", "github.com/zclconf/go-cty/cty.Value":
		return true
	}
	return false
}
