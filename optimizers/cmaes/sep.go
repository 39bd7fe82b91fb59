package cmaes

import (
	"fmt"
	"math"
	"slices"
)

// sep is the state of separable CMA-ES: the mean m, the step size σ, the
// diagonal covariance C = diag(c) with d = sqrt(c), and the evolution
// paths p_σ and p_c, all O(n).
type sep struct {
	n, lambda int
	w         []float64 // the μ positive recombination weights, summing to 1
	mueff     float64
	cs, ds    float64 // step-size path rate and damping
	cc        float64 // covariance path rate
	c1, cmu   float64 // rank-one and rank-μ rates, times (n+2)/3
	chiN      float64 // E||N(0, I)||

	sigma      float64
	mean, c, d []float64
	ps, pc     []float64
	z          []float64 // λ×n standard normal draws of the generation
	x          []float64 // one sample
	f          []float64
	order      []int
	zw         []float64
	gen        int
}

// newSep sets the strategy parameters of Hansen's tutorial (table 1) for
// λ samples of n parameters, with Ros and Hansen's separable rates:
//
//	w_i ∝ ln(μ+1/2) - ln i, i = 1..μ = floor(λ/2);  μ_eff = 1/Σw_i²
//	c_σ = (μ_eff+2)/(n+μ_eff+5);  d_σ = 1 + 2·max(0, sqrt((μ_eff-1)/(n+1)) - 1) + c_σ
//	c_c = (4+μ_eff/n)/(n+4+2μ_eff/n)
//	c_1 = 2/((n+1.3)²+μ_eff)·(n+2)/3;  c_μ = min(1-c_1, 2(μ_eff-2+1/μ_eff)/((n+2)²+μ_eff)·(n+2)/3)
func newSep(start []float64, lambda int, sigma float64) *sep {
	n := len(start)
	nf := float64(n)
	mu := lambda / 2
	s := &sep{n: n, lambda: lambda, w: make([]float64, mu), sigma: sigma}
	sum := 0.0
	for i := range s.w {
		s.w[i] = math.Log(float64(mu)+0.5) - math.Log(float64(i+1))
		sum += s.w[i]
	}
	sq := 0.0
	for i := range s.w {
		s.w[i] /= sum
		sq += s.w[i] * s.w[i]
	}
	s.mueff = 1 / sq
	s.cs = (s.mueff + 2) / (nf + s.mueff + 5)
	s.ds = 1 + 2*math.Max(0, math.Sqrt((s.mueff-1)/(nf+1))-1) + s.cs
	s.cc = (4 + s.mueff/nf) / (nf + 4 + 2*s.mueff/nf)
	speedup := (nf + 2) / 3
	s.c1 = math.Min(1, 2/((nf+1.3)*(nf+1.3)+s.mueff)*speedup)
	s.cmu = math.Min(1-s.c1, 2*(s.mueff-2+1/s.mueff)/((nf+2)*(nf+2)+s.mueff)*speedup)
	s.chiN = math.Sqrt(nf) * (1 - 1/(4*nf) + 1/(21*nf*nf))
	s.mean = slices.Clone(start)
	s.c, s.d = make([]float64, n), make([]float64, n)
	for i := range s.c {
		s.c[i], s.d[i] = 1, 1
	}
	s.ps, s.pc = make([]float64, n), make([]float64, n)
	s.z, s.x = make([]float64, lambda*n), make([]float64, n)
	s.f = make([]float64, lambda)
	s.order = make([]int, lambda)
	s.zw = make([]float64, n)
	return s
}

// generation samples x_k = m + σ·d∘z_k, z_k ~ N(0, I) from the job's
// source, scores each, and updates the distribution.
func (s *sep) generation(m *CMAES) error {
	rng := m.env.Rand
	for k := range s.lambda {
		z := s.z[k*s.n : (k+1)*s.n]
		for i := range z {
			z[i] = rng.NormFloat64()
			s.x[i] = s.mean[i] + s.sigma*s.d[i]*z[i]
		}
		f, err := m.evaluate(s.x)
		if err != nil {
			return err
		}
		s.f[k] = f
	}
	// The last sample may have been refused for a budget: an incomplete
	// generation must not move the distribution.
	if err := m.env.Err(); err != nil {
		return fmt.Errorf("cmaes: stopped after the last sample: %w", err)
	}
	s.update()
	return nil
}

// rank orders the samples by loss, NaN and +Inf last, ties by sample
// index (so the order is fully determined).
func (s *sep) rank() (finite int) {
	for k := range s.order {
		s.order[k] = k
		if !math.IsNaN(s.f[k]) && !math.IsInf(s.f[k], 1) {
			finite++
		}
	}
	key := func(k int) float64 {
		if math.IsNaN(s.f[k]) {
			return math.Inf(1)
		}
		return s.f[k]
	}
	slices.SortStableFunc(s.order, func(a, b int) int {
		switch fa, fb := key(a), key(b); {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	})
	return finite
}

// update moves the distribution towards the μ best samples (tutorial
// eqs. 41-47 with a diagonal C), where z_w = Σ w_i z_{i:λ}:
//
//	m   += σ·d∘z_w
//	p_σ  = (1-c_σ)p_σ + sqrt(c_σ(2-c_σ)μ_eff)·z_w
//	h_σ  = [||p_σ||/sqrt(1-(1-c_σ)^(2(g+1))) < (1.4+2/(n+1))·E||N(0,I)||]
//	p_c  = (1-c_c)p_c + h_σ·sqrt(c_c(2-c_c)μ_eff)·d∘z_w
//	c_j  = (1-c_1-c_μ+(1-h_σ)c_1c_c(2-c_c))·c_j + c_1·p_c,j² + c_μ·Σ w_i (d_j z_{i:λ,j})²
//	σ   *= exp(min(1, c_σ/d_σ·(||p_σ||/E||N(0,I)|| - 1)))
//
// A generation without one finite loss teaches nothing about the
// direction; it only halves σ, back towards the region around the mean.
func (s *sep) update() {
	if s.rank() == 0 {
		s.sigma /= 2
		return
	}
	s.gen++
	clear(s.zw)
	for i, w := range s.w {
		z := s.z[s.order[i]*s.n : (s.order[i]+1)*s.n]
		for j, v := range z {
			s.zw[j] += w * v
		}
	}
	psNorm := 0.0
	a := math.Sqrt(s.cs * (2 - s.cs) * s.mueff)
	for j := range s.ps {
		s.ps[j] = (1-s.cs)*s.ps[j] + a*s.zw[j]
		psNorm += s.ps[j] * s.ps[j]
	}
	psNorm = math.Sqrt(psNorm)
	hsig := 0.0
	if psNorm/math.Sqrt(1-math.Pow(1-s.cs, 2*float64(s.gen))) < (1.4+2/(float64(s.n)+1))*s.chiN {
		hsig = 1
	}
	b := hsig * math.Sqrt(s.cc*(2-s.cc)*s.mueff)
	keep := 1 - s.c1 - s.cmu + (1-hsig)*s.c1*s.cc*(2-s.cc)
	for j := range s.mean {
		dz := s.d[j] * s.zw[j]
		s.mean[j] += s.sigma * dz
		s.pc[j] = (1-s.cc)*s.pc[j] + b*dz
		rankMu := 0.0
		for i, w := range s.w {
			y := s.d[j] * s.z[s.order[i]*s.n+j]
			rankMu += w * y * y
		}
		s.c[j] = keep*s.c[j] + s.c1*s.pc[j]*s.pc[j] + s.cmu*rankMu
		s.d[j] = math.Sqrt(s.c[j])
	}
	s.sigma *= math.Exp(math.Min(1, s.cs/s.ds*(psNorm/s.chiN-1)))
}
