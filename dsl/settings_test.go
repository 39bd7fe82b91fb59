package dsl_test

import (
	"reflect"
	"testing"
)

// settingValue reads a field of a decoded config by its Go name, so the
// tests need not import a concrete optimizer's types.
func settingValue(t *testing.T, cfg any, field string) any {
	t.Helper()
	v := reflect.ValueOf(cfg)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	f := v.FieldByName(field)
	if !f.IsValid() {
		t.Fatalf("%T has no field %s", cfg, field)
	}
	return f.Interface()
}
