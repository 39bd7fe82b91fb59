package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

// lossDecl is a loss block: a registered loss type with its settings.
type lossDecl struct {
	name string
	loss nn.Loss
}

var lossSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type", Required: true}},
}

// decodeLossBlock reads loss "name" { type = "huber"  delta = 5 }: the type
// is resolved through the registry, and the remaining attributes are
// decoded by that loss's own config.
func (d *decoder) decodeLossBlock(block *hcl.Block) {
	name := block.Labels[0]
	if !d.declare(block, "loss") {
		return
	}
	d.losses[name] = nil
	content, rest, diags := block.Body.PartialContent(lossSchema)
	if !d.add(diags) {
		return
	}
	attr := content.Attributes["type"]
	typ, diags := evalString(attr, d.ctx)
	if !d.add(diags) {
		return
	}
	if d.detached && !registered(registry.LookupLoss, typ) {
		d.losses[name] = &lossDecl{name: name}
		return
	}
	reg, err := registry.LookupLoss(typ)
	if err != nil {
		d.add(hcl.Diagnostics{unknownName(err, attr.Expr.Range())})
		return
	}
	cfg := reg.New()
	if !d.add(decodeConfig(rest, d.ctx, cfg)) {
		return
	}
	if !d.add(validate(cfg, block.Body, block.DefRange)) {
		return
	}
	d.losses[name] = &lossDecl{name: name, loss: cfg.Loss()}
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
