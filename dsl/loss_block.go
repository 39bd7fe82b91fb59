package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

// lossDecl is a loss block: a registered loss type with its settings.
type lossDecl struct {
	name string
	// loss is nil in a detached decoding when the type is not registered.
	loss nn.Loss
}

var lossSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type", Required: true}},
}

// decodeLossBlock reads loss "name" { type = "huber"  delta = 5 }: the type
// is resolved through the registry, and the remaining attributes are
// decoded by that loss's own config. It returns nil after any error.
func decodeLossBlock(block *hcl.Block, ctx *hcl.EvalContext, detached bool) (*lossDecl, hcl.Diagnostics) {
	name := block.Labels[0]
	content, rest, diags := block.Body.PartialContent(lossSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	attr := content.Attributes["type"]
	typ, more := evalString(attr, ctx)
	if diags = append(diags, more...); more.HasErrors() {
		return nil, diags
	}
	if detached && !registered(registry.LookupLoss, typ) {
		return &lossDecl{name: name}, diags
	}
	reg, err := registry.LookupLoss(typ)
	if err != nil {
		return nil, append(diags, unknownName(err, attr.Expr.Range()))
	}
	cfg := reg.New()
	more = decodeConfig(rest, ctx, cfg)
	diags = append(diags, more...)
	if more.HasErrors() {
		return nil, append(diags, validatePartial(cfg, block.Body, block.DefRange, more)...)
	}
	if diags = append(diags, validate(cfg, block.Body, block.DefRange)...); diags.HasErrors() {
		return nil, diags
	}
	return &lossDecl{name: name, loss: cfg.Loss()}, diags
}

// namedLoss resolves loss = "mse" with the loss's default settings.
func namedLoss(name string, subject hcl.Range) (nn.Loss, hcl.Diagnostics) {
	reg, err := registry.LookupLoss(name)
	if err != nil {
		return nil, hcl.Diagnostics{unknownName(err, subject)}
	}
	cfg := reg.New()
	if diags := validate(cfg, nil, subject); diags.HasErrors() {
		return nil, diags
	}
	return cfg.Loss(), nil
}
