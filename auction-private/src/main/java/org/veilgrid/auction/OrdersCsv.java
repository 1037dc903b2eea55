package org.veilgrid.auction;

import java.util.ArrayList;
import java.util.List;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

/**
 * Reads a book of limit orders: a header {@code institution,side,price,quantity}, then one order a
 * row (side {@code buy} or {@code sell}); blank lines and lines starting with '#' are skipped.
 * Every error names the line (and the column where it can).
 */
public final class OrdersCsv {
    /** The most orders one file may hold. */
    public static final int MAX_ORDERS = 1_000_000;

    private OrdersCsv() {
    }

    /** @throws MalformedInputException naming the source, line and what was wrong */
    public static List<Order> parse(String source, String text) {
        List<Order> orders = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        boolean header = false;
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (ln + 1);
            String[] cells = line.split(",", -1);
            if (!header) {
                if (cells.length != 4 || !cells[0].trim().equalsIgnoreCase("institution") || !cells[1].trim().equalsIgnoreCase("side")
                        || !cells[2].trim().equalsIgnoreCase("price") || !cells[3].trim().equalsIgnoreCase("quantity")) {
                    throw new MalformedInputException(where, "the header must be 'institution,side,price,quantity'");
                }
                header = true;
                continue;
            }
            if (cells.length != 4) {
                throw new MalformedInputException(where, "has " + cells.length + " fields, expected 4 (institution,side,price,quantity)");
            }
            Side side;
            switch (cells[1].trim().toLowerCase(java.util.Locale.ROOT)) {
                case "buy":
                    side = Side.BUY;
                    break;
                case "sell":
                    side = Side.SELL;
                    break;
                default:
                    throw new MalformedInputException(where + ":2", "side must be 'buy' or 'sell', got '" + abbreviate(cells[1].trim()) + "'");
            }
            long price = number(where + ":3", "price", cells[2]);
            long quantity = number(where + ":4", "quantity", cells[3]);
            try {
                orders.add(new Order(cells[0].trim(), side, price, quantity));
            } catch (ParameterException e) {
                throw new MalformedInputException(where, e.getMessage());
            }
            if (orders.size() > MAX_ORDERS) {
                throw new MalformedInputException(source, "has more than " + MAX_ORDERS + " orders");
            }
        }
        if (!header) {
            throw new MalformedInputException(source, "is empty; expected the header 'institution,side,price,quantity'");
        }
        if (orders.isEmpty()) {
            throw new MalformedInputException(source, "has a header but no orders");
        }
        return orders;
    }

    private static long number(String where, String what, String cell) {
        try {
            return Long.parseLong(cell.trim());
        } catch (NumberFormatException e) {
            throw new MalformedInputException(where, what + " '" + abbreviate(cell.trim()) + "' is not an integer");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }
}
