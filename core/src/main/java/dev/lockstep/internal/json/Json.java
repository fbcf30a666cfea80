package dev.lockstep.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON text through Jackson's streaming API (no data binding): trees of maps, lists, strings, numbers and booleans
 * are written as indented text, and read back as the same kinds.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {}

    /** The tree as JSON, fields in the maps' order, two spaces per level, without a final line break. */
    public static String write(Map<String, ?> tree) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.setPrettyPrinter(new Layout());
            value(json, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory failed", e);
        }
        return text.toString();
    }

    /** A list of views as one JSON array, compact (for a database column). */
    public static String writeArray(List<?> values) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            value(json, values);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory failed", e);
        }
        return text.toString();
    }

    /**
     * The JSON array {@code text} holds, its elements read as {@link #readObject} reads values.
     *
     * @throws IllegalArgumentException when the text is not one JSON array
     */
    public static List<Object> readArray(String text) {
        try (JsonParser json = FACTORY.createParser(text)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<Object> array = array(json);
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("text after the array");
            }
            return array;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The JSON object {@code text} holds, as ordered maps and lists, whole numbers as {@code Long} (or
     * {@code BigInteger}), others as {@code BigDecimal}. A field whose value is {@code null} is left out.
     *
     * @throws IllegalArgumentException when the text is not one JSON object
     */
    public static Map<String, Object> readObject(String text) {
        try (JsonParser json = FACTORY.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> object = object(json);
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("text after the object");
            }
            return object;
        } catch (IOException e) {
            // Jackson's message names line and column; it does not quote the text.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void value(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger number) {
            json.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            json.writeNumber(number);
        } else if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                value(json, field(entry));
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                value(json, element);
            }
            json.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write " + (value == null ? "null" : value.getClass().getName())
                    + " as JSON: views hold strings, numbers, booleans, lists and maps, and leave absent values out");
        }
    }

    private static Object field(Map.Entry<?, ?> entry) {
        if (entry.getValue() == null) {
            throw new IllegalArgumentException("\"" + entry.getKey() + "\" is null: views leave absent values out");
        }
        return entry.getValue();
    }

    private static Map<String, Object> object(JsonParser json) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            Object value = value(json);
            if (value != null) {
                object.put(name, value);
            }
        }
        return Collections.unmodifiableMap(object);
    }

    private static List<Object> array(JsonParser json) throws IOException {
        List<Object> array = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            Object value = value(json);
            if (value != null) {
                array.add(value);
            }
        }
        return Collections.unmodifiableList(array);
    }

    private static @Nullable Object value(JsonParser json) throws IOException {
        return switch (json.currentToken()) {
            case START_OBJECT -> object(json);
            case START_ARRAY -> array(json);
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT -> json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? json.getBigIntegerValue() : (Object) json.getLongValue();
            case VALUE_NUMBER_FLOAT -> json.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + json.currentToken());
        };
    }

    /**
     * Jackson's default layout, with {@code "name": value} rather than {@code "name" : value}, one array element
     * a line, and {@code []} for an empty array: JSON as people write it. Built on the pretty printer's
     * long-standing methods, so any Jackson 2 from 2.10 on will do (an application may bring an older one than ours).
     */
    private static final class Layout extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        Layout() {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            indentObjectsWith(indenter);
            indentArraysWith(indenter);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new Layout();
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator json) throws IOException {
            json.writeRaw(": ");
        }

        @Override
        public void writeEndArray(JsonGenerator json, int values) throws IOException {
            if (values > 0) {
                super.writeEndArray(json, values);
            } else {
                _nesting--;
                json.writeRaw(']');
            }
        }

        @Override
        public void writeEndObject(JsonGenerator json, int entries) throws IOException {
            if (entries > 0) {
                super.writeEndObject(json, entries);
            } else {
                _nesting--;
                json.writeRaw('}');
            }
        }
    }
}
