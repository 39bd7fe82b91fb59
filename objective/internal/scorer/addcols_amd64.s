//go:build amd64 && !purego

#include "textflag.h"

// func addCols4AVX(z, c0, c1, c2, c3 *float64, n int, w *[4]float64)
//
// Eight rows per iteration in two independent chains, then four. The
// multiply's first source is the column, the add's the running sum, as
// the Go compiler orders the scalar loop's first term.
TEXT ·addCols4AVX(SB), NOSPLIT, $0-56
	MOVQ z+0(FP), DI
	MOVQ c0+8(FP), R8
	MOVQ c1+16(FP), R9
	MOVQ c2+24(FP), R10
	MOVQ c3+32(FP), R11
	MOVQ n+40(FP), CX
	MOVQ w+48(FP), AX
	VBROADCASTSD 0(AX), Y12
	VBROADCASTSD 8(AX), Y13
	VBROADCASTSD 16(AX), Y14
	VBROADCASTSD 24(AX), Y15
	XORQ SI, SI
	MOVQ CX, DX
	ANDQ $-8, DX

loop8:
	CMPQ SI, DX
	JGE  tail4
	VMOVUPD (DI)(SI*8), Y0
	VMOVUPD 32(DI)(SI*8), Y1
	VMOVUPD (R8)(SI*8), Y2
	VMOVUPD 32(R8)(SI*8), Y3
	VMULPD  Y12, Y2, Y2
	VMULPD  Y12, Y3, Y3
	VADDPD  Y2, Y0, Y0
	VADDPD  Y3, Y1, Y1
	VMOVUPD (R9)(SI*8), Y4
	VMOVUPD 32(R9)(SI*8), Y5
	VMULPD  Y13, Y4, Y4
	VMULPD  Y13, Y5, Y5
	VADDPD  Y4, Y0, Y0
	VADDPD  Y5, Y1, Y1
	VMOVUPD (R10)(SI*8), Y6
	VMOVUPD 32(R10)(SI*8), Y7
	VMULPD  Y14, Y6, Y6
	VMULPD  Y14, Y7, Y7
	VADDPD  Y6, Y0, Y0
	VADDPD  Y7, Y1, Y1
	VMOVUPD (R11)(SI*8), Y8
	VMOVUPD 32(R11)(SI*8), Y9
	VMULPD  Y15, Y8, Y8
	VMULPD  Y15, Y9, Y9
	VADDPD  Y8, Y0, Y0
	VADDPD  Y9, Y1, Y1
	VMOVUPD Y0, (DI)(SI*8)
	VMOVUPD Y1, 32(DI)(SI*8)
	ADDQ    $8, SI
	JMP     loop8

tail4:
	CMPQ SI, CX
	JGE  done
	VMOVUPD (DI)(SI*8), Y0
	VMOVUPD (R8)(SI*8), Y2
	VMULPD  Y12, Y2, Y2
	VADDPD  Y2, Y0, Y0
	VMOVUPD (R9)(SI*8), Y4
	VMULPD  Y13, Y4, Y4
	VADDPD  Y4, Y0, Y0
	VMOVUPD (R10)(SI*8), Y6
	VMULPD  Y14, Y6, Y6
	VADDPD  Y6, Y0, Y0
	VMOVUPD (R11)(SI*8), Y8
	VMULPD  Y15, Y8, Y8
	VADDPD  Y8, Y0, Y0
	VMOVUPD Y0, (DI)(SI*8)
	ADDQ    $4, SI
	JMP     tail4

done:
	VZEROUPPER
	RET
