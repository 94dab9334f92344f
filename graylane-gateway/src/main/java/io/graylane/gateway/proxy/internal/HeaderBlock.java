package io.graylane.gateway.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes an HTTP/1 header block ({@code name: value\r\n} per field) for the gateway's encoders, the
 * same bytes as Netty's {@code HttpObjectEncoder.encodeHeaders} but with one bulk copy into the
 * (usually direct) output buffer instead of one {@code setByte} per character: the fields are laid
 * out in a per-thread scratch array first. That per-byte path was the gateway's hottest Java code
 * (two header blocks per proxied request). A character above {@code 0xFF} is written as {@code ?},
 * as Netty does. Stateless; the scratch array is per thread and not shared across calls.
 */
final class HeaderBlock {

    /** Blocks up to this size take one copy; a larger one is written in pieces of this size. */
    static final int SCRATCH_BYTES = 8192;

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_BYTES];
        }
    };

    private HeaderBlock() {
    }

    /** Appends every field of {@code headers} to {@code buf}, in iteration order. */
    static void write(HttpHeaders headers, ByteBuf buf) {
        byte[] scratch = SCRATCH.get();
        int p = 0;
        if (headers instanceof FieldList fields) {
            for (int i = 0, n = fields.size(); i < n; i++) {
                p = put(fields.nameAt(i), fields.valueAt(i), scratch, p, buf);
            }
        } else {
            Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
            while (fields.hasNext()) {
                Map.Entry<CharSequence, CharSequence> field = fields.next();
                p = put(field.getKey(), field.getValue(), scratch, p, buf);
            }
        }
        if (p > 0) {
            buf.writeBytes(scratch, 0, p);
        }
    }

    /** Puts one field line into {@code scratch} at {@code p} (flushing it to {@code buf} when full); the new end. */
    private static int put(CharSequence name, CharSequence value, byte[] scratch, int p, ByteBuf buf) {
        int length = name.length() + value.length() + 4;
        if (p + length > scratch.length) {
            buf.writeBytes(scratch, 0, p);
            p = 0;
            if (length > scratch.length) {
                writeDirectly(name, value, buf);
                return 0;
            }
        }
        p = put(name, scratch, p);
        scratch[p++] = ':';
        scratch[p++] = ' ';
        p = put(value, scratch, p);
        scratch[p++] = '\r';
        scratch[p++] = '\n';
        return p;
    }

    private static int put(CharSequence s, byte[] dst, int at) {
        int n = s.length();
        if (s instanceof AsciiString a) {
            System.arraycopy(a.array(), a.arrayOffset(), dst, at, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[at + i] = AsciiString.c2b(s.charAt(i));
            }
        }
        return at + n;
    }

    /** A field larger than the scratch array (only a huge value can be). */
    private static void writeDirectly(CharSequence name, CharSequence value, ByteBuf buf) {
        ByteBufUtil.writeAscii(buf, name);
        buf.writeByte(':').writeByte(' ');
        ByteBufUtil.writeAscii(buf, value);
        buf.writeByte('\r').writeByte('\n');
    }
}
