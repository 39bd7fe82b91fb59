//go:build amd64 && !purego

#include "textflag.h"

// func addColsAVX(z, src *float64, stride, n int, w *float64, terms int)
//
// Thirty-two rows at a time in eight independent sums (four rows a
// register), every term added before the rows are stored, then eight,
// then four. A row's sum is a chain of dependent additions, so it is the
// number of chains in flight, not the arithmetic, that bounds a pass:
// eight keep both adders busy where one or two leave them waiting on
// the previous addition's latency.
TEXT ·addColsAVX(SB), NOSPLIT, $0-48
	MOVQ z+0(FP), DI
	MOVQ src+8(FP), R8
	MOVQ stride+16(FP), R9
	SHLQ $3, R9
	MOVQ n+24(FP), CX
	MOVQ w+32(FP), AX
	MOVQ terms+40(FP), BX
	XORQ SI, SI
	MOVQ CX, DX
	ANDQ $-32, DX

rows32:
	CMPQ SI, DX
	JGE  start8
	VMOVUPD 0(DI)(SI*8), Y0
	VMOVUPD 32(DI)(SI*8), Y1
	VMOVUPD 64(DI)(SI*8), Y2
	VMOVUPD 96(DI)(SI*8), Y3
	VMOVUPD 128(DI)(SI*8), Y4
	VMOVUPD 160(DI)(SI*8), Y5
	VMOVUPD 192(DI)(SI*8), Y6
	VMOVUPD 224(DI)(SI*8), Y7
	LEAQ    (R8)(SI*8), R10
	MOVQ    AX, R11
	MOVQ    BX, R12

terms32:
	VBROADCASTSD (R11), Y8
	VMULPD       0(R10), Y8, Y9
	VMULPD       32(R10), Y8, Y10
	VMULPD       64(R10), Y8, Y11
	VMULPD       96(R10), Y8, Y12
	VADDPD       Y9, Y0, Y0
	VADDPD       Y10, Y1, Y1
	VADDPD       Y11, Y2, Y2
	VADDPD       Y12, Y3, Y3
	VMULPD       128(R10), Y8, Y13
	VMULPD       160(R10), Y8, Y14
	VMULPD       192(R10), Y8, Y15
	VMULPD       224(R10), Y8, Y9
	VADDPD       Y13, Y4, Y4
	VADDPD       Y14, Y5, Y5
	VADDPD       Y15, Y6, Y6
	VADDPD       Y9, Y7, Y7
	ADDQ         R9, R10
	ADDQ         $8, R11
	DECQ         R12
	JNZ          terms32
	VMOVUPD Y0, 0(DI)(SI*8)
	VMOVUPD Y1, 32(DI)(SI*8)
	VMOVUPD Y2, 64(DI)(SI*8)
	VMOVUPD Y3, 96(DI)(SI*8)
	VMOVUPD Y4, 128(DI)(SI*8)
	VMOVUPD Y5, 160(DI)(SI*8)
	VMOVUPD Y6, 192(DI)(SI*8)
	VMOVUPD Y7, 224(DI)(SI*8)
	ADDQ    $32, SI
	JMP     rows32

start8:
	MOVQ CX, DX
	ANDQ $-8, DX

rows8:
	CMPQ SI, DX
	JGE  start4
	VMOVUPD 0(DI)(SI*8), Y0
	VMOVUPD 32(DI)(SI*8), Y1
	LEAQ    (R8)(SI*8), R10
	MOVQ    AX, R11
	MOVQ    BX, R12

terms8:
	VBROADCASTSD (R11), Y8
	VMULPD       0(R10), Y8, Y9
	VMULPD       32(R10), Y8, Y10
	VADDPD       Y9, Y0, Y0
	VADDPD       Y10, Y1, Y1
	ADDQ         R9, R10
	ADDQ         $8, R11
	DECQ         R12
	JNZ          terms8
	VMOVUPD Y0, 0(DI)(SI*8)
	VMOVUPD Y1, 32(DI)(SI*8)
	ADDQ    $8, SI
	JMP     rows8

start4:
	MOVQ CX, DX
	ANDQ $-4, DX

rows4:
	CMPQ SI, DX
	JGE  done
	VMOVUPD (DI)(SI*8), Y0
	LEAQ    (R8)(SI*8), R10
	MOVQ    AX, R11
	MOVQ    BX, R12

terms4:
	VBROADCASTSD (R11), Y8
	VMULPD       (R10), Y8, Y9
	VADDPD       Y9, Y0, Y0
	ADDQ         R9, R10
	ADDQ         $8, R11
	DECQ         R12
	JNZ          terms4
	VMOVUPD Y0, (DI)(SI*8)
	ADDQ    $4, SI
	JMP     rows4

done:
	VZEROUPPER
	RET
