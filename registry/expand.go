package registry

import "fmt"

// MaxPresetDepth bounds presets made of presets, so that one which
// contains itself fails its jobs instead of the program.
const MaxPresetDepth = 8

// Expand lists the optimizer configs cfg runs, in order: cfg itself, or
// a Preset's stages expanded in turn, each named as the history names it
// ("hybrid.adam" for name "hybrid"). It is the one expansion the runner
// builds methods from and the decoder checks a pipeline's stages with, so
// that what is checked is what runs. A preset nested more than
// MaxPresetDepth deep, or with no stages, is an error.
func Expand(name string, cfg OptimizerConfig) ([]PresetStage, error) {
	return expand(nil, name, cfg, 0)
}

func expand(out []PresetStage, name string, cfg OptimizerConfig, depth int) ([]PresetStage, error) {
	p, ok := cfg.(Preset)
	if !ok {
		return append(out, PresetStage{Name: name, Config: cfg}), nil
	}
	if depth >= MaxPresetDepth {
		return nil, fmt.Errorf("%s: presets nested more than %d deep", name, MaxPresetDepth)
	}
	parts := p.Stages()
	if len(parts) == 0 {
		return nil, fmt.Errorf("%s: preset has no stages", name)
	}
	for _, part := range parts {
		var err error
		if out, err = expand(out, name+"."+part.Name, part.Config, depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}
