package org.veilgrid.zk.group;

import java.math.BigInteger;

/** Curve and Ristretto255 constants (RFC 9496 section 4.1), as field elements. */
final class Constants {
    private Constants() {
    }

    /** Edwards d = -121665/121666. */
    static final FieldElement D = FieldElement.of(BigInteger.valueOf(121665).negate()
            .multiply(BigInteger.valueOf(121666).modInverse(FieldElement.P)));
    static final FieldElement D2 = D.add(D);
    static final FieldElement SQRT_M1 = FieldElement.of(new BigInteger(
            "19681161376707505956807079304988542015446066515923890162744021073123829784752"));
    static final FieldElement SQRT_AD_MINUS_ONE = FieldElement.of(new BigInteger(
            "25063068953384623474111414158702152701244531502492656460079210482610430750235"));
    static final FieldElement INVSQRT_A_MINUS_D = FieldElement.of(new BigInteger(
            "54469307008909316920995813868745141605393597292927456921205312896311721017578"));
    static final FieldElement ONE_MINUS_D_SQ = FieldElement.of(new BigInteger(
            "1159843021668779879193775521855586647937357759715417654439879720876111806838"));
    static final FieldElement D_MINUS_ONE_SQ = FieldElement.of(new BigInteger(
            "40440834346308536858101042469323190826248399146238708352240133220865137265952"));
}
