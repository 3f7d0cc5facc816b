package io.github.cam4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DisplayWidthTest {
    /** A CJK or fullwidth character takes two columns, a combining mark none, ASCII one; emoji count by code point. */
    @Test
    void wideCharactersTakeTwoColumnsAndCombiningMarksNone() {
        assertEquals(7, DisplayWidth.of("explain"));
        assertEquals(12, DisplayWidth.of("手写数字模型"));
        assertEquals(11, DisplayWidth.of("モデル_ｆｏ"), "katakana and fullwidth Latin 2 each, the low line 1");
        assertEquals(4, DisplayWidth.of("Cafe\u0301"), "the acute accent combines with the e");
        assertEquals(2, DisplayWidth.of("\uD840\uDC00"), "U+20000, a CJK character beyond the first plane");
        assertEquals(0, DisplayWidth.of(""));
    }

    /** A text is cut between code points: never half a wide character, never a combining mark from its letter. */
    @Test
    void aTextIsCutByColumnsBetweenCharacters() {
        assertEquals("手写", DisplayWidth.cut("手写数字", 5), "a wide character half inside is left out");
        assertEquals("手写数", DisplayWidth.cut("手写数字", 6));
        assertEquals("Cafe\u0301", DisplayWidth.cut("Cafe\u0301s", 4), "the mark goes with its e");
        assertEquals("a", DisplayWidth.cut("a\uD840\uDC00", 2), "a surrogate pair is not split");
        assertEquals("abc", DisplayWidth.cut("abc", 10));
        assertEquals("", DisplayWidth.cut("手", 1));
    }
}
