package dsl

import (
	"fmt"
	"math"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions are the go-cty standard functions expressions may call, under
// Terraform's names, so that a grid of settings is one expression:
// for_each = { for p in setproduct(keys(local.rates), keys(local.widths)) :
// "${p[0]}-${p[1]}" => p }. Only pure functions: an experiment file must
// mean the same on every machine and every day, so nothing that reads
// files, the clock or randomness is offered.
var functions = map[string]function.Function{
	"abs":        stdlib.AbsoluteFunc,
	"ceil":       stdlib.CeilFunc,
	"concat":     stdlib.ConcatFunc,
	"contains":   stdlib.ContainsFunc,
	"distinct":   stdlib.DistinctFunc,
	"element":    stdlib.ElementFunc,
	"flatten":    stdlib.FlattenFunc,
	"floor":      stdlib.FloorFunc,
	"format":     stdlib.FormatFunc,
	"formatlist": stdlib.FormatListFunc,
	"join":       stdlib.JoinFunc,
	"keys":       stdlib.KeysFunc,
	"length":     stdlib.LengthFunc,
	"log":        logFunc,
	"lookup":     stdlib.LookupFunc,
	"lower":      stdlib.LowerFunc,
	"max":        stdlib.MaxFunc,
	"merge":      stdlib.MergeFunc,
	"min":        stdlib.MinFunc,
	"pow":        powFunc,
	"range":      stdlib.RangeFunc,
	"reverse":    stdlib.ReverseListFunc,
	"setproduct": setProductFunc,
	"slice":      stdlib.SliceFunc,
	"sort":       stdlib.SortFunc,
	"split":      stdlib.SplitFunc,
	"tolist":     stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"tomap":      stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	"tonumber":   stdlib.MakeToFunc(cty.Number),
	"toset":      stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"tostring":   stdlib.MakeToFunc(cty.String),
	"upper":      stdlib.UpperFunc,
	"values":     stdlib.ValuesFunc,
	"zipmap":     stdlib.ZipmapFunc,
}

// powFunc and logFunc are go-cty's pow and log, which compute in float64
// and panic when the result is NaN (pow(-1, 0.5), log(-1, 10)); cty turns
// the panic into an error carrying a Go stack trace. These say instead
// that the result is not a real number.
var (
	powFunc = realFunc2("num", "power", func(a, b float64) (float64, string) {
		return math.Pow(a, b), fmt.Sprintf("pow(%g, %g) is not a real number", a, b)
	})
	logFunc = realFunc2("num", "base", func(a, b float64) (float64, string) {
		return math.Log(a) / math.Log(b), fmt.Sprintf("log(%g, %g) is not a real number (num must be >= 0, and base > 0 and not 1)", a, b)
	})
)

// realFunc2 is a function of two numbers computed in float64 by f, which
// also says what went wrong when its result is NaN.
func realFunc2(first, second string, f func(a, b float64) (float64, string)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: first, Type: cty.Number},
			{Name: second, Type: cty.Number},
		},
		Type:         function.StaticReturnType(cty.Number),
		RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			a, _ := args[0].AsBigFloat().Float64()
			b, _ := args[1].AsBigFloat().Float64()
			r, msg := f(a, b)
			if math.IsNaN(r) {
				return cty.UnknownVal(cty.Number), function.NewArgErrorf(0, "%s", msg)
			}
			return cty.NumberFloatVal(r), nil
		},
	})
}

// maxSetProduct bounds setproduct's combinations: range is bounded (1,024
// values), but three ranges of 1,000 would make a billion, which decoding
// could not hold; a sweep past this is also past the job limit.
const maxSetProduct = 1_000_000

// setProductFunc is go-cty's setproduct, refusing before it builds them
// more combinations than maxSetProduct.
var setProductFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "sets", Type: cty.DynamicPseudoType},
	Type: func(args []cty.Value) (cty.Type, error) {
		return stdlib.SetProductFunc.ReturnTypeForValues(args)
	},
	RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() },
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		lengths := make([]int, 0, len(args))
		for _, a := range args {
			if !a.IsWhollyKnown() || a.IsNull() || !a.CanIterateElements() {
				return stdlib.SetProductFunc.Call(args) // it says what is wrong
			}
			if a.LengthInt() == 0 {
				return stdlib.SetProductFunc.Call(args) // no combinations
			}
			lengths = append(lengths, a.LengthInt())
		}
		total := 1
		for i, n := range lengths {
			if total > maxSetProduct/n {
				return cty.UnknownVal(retType), function.NewArgErrorf(i, "setproduct of these would make more than %d combinations", maxSetProduct)
			}
			total *= n
		}
		return stdlib.SetProductFunc.Call(args)
	},
})
