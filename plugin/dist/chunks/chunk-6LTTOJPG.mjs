import {
  AGENT_MEMORY,
  AUTO_MEMORY,
  USER_MEMORY
} from "./chunk-P3FGOR7S.mjs";
import {
  checkedWrite,
  isTempName
} from "./chunk-YO4FU4VW.mjs";
import {
  ensureDir,
  osCode
} from "./chunk-WPONZTDY.mjs";
import {
  claudeConfigDir,
  expandHome,
  homeDir,
  memsyncHome
} from "./chunk-YKBZQG47.mjs";
import {
  __commonJS,
  __toESM
} from "./chunk-MCGFJXCR.mjs";

// node_modules/picomatch/lib/constants.js
var require_constants = __commonJS({
  "node_modules/picomatch/lib/constants.js"(exports, module) {
    "use strict";
    var WIN_SLASH = "\\\\/";
    var WIN_NO_SLASH = `[^${WIN_SLASH}]`;
    var DEFAULT_MAX_EXTGLOB_RECURSION = 0;
    var DOT_LITERAL = "\\.";
    var PLUS_LITERAL = "\\+";
    var QMARK_LITERAL = "\\?";
    var SLASH_LITERAL = "\\/";
    var ONE_CHAR = "(?=.)";
    var QMARK = "[^/]";
    var END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
    var START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
    var DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
    var NO_DOT = `(?!${DOT_LITERAL})`;
    var NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
    var NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
    var NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
    var QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
    var STAR = `${QMARK}*?`;
    var SEP = "/";
    var POSIX_CHARS = {
      DOT_LITERAL,
      PLUS_LITERAL,
      QMARK_LITERAL,
      SLASH_LITERAL,
      ONE_CHAR,
      QMARK,
      END_ANCHOR,
      DOTS_SLASH,
      NO_DOT,
      NO_DOTS,
      NO_DOT_SLASH,
      NO_DOTS_SLASH,
      QMARK_NO_DOT,
      STAR,
      START_ANCHOR,
      SEP
    };
    var WINDOWS_CHARS = {
      ...POSIX_CHARS,
      SLASH_LITERAL: `[${WIN_SLASH}]`,
      QMARK: WIN_NO_SLASH,
      STAR: `${WIN_NO_SLASH}*?`,
      DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
      NO_DOT: `(?!${DOT_LITERAL})`,
      NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
      NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
      START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
      END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
      SEP: "\\"
    };
    var POSIX_REGEX_SOURCE = {
      __proto__: null,
      alnum: "a-zA-Z0-9",
      alpha: "a-zA-Z",
      ascii: "\\x00-\\x7F",
      blank: " \\t",
      cntrl: "\\x00-\\x1F\\x7F",
      digit: "0-9",
      graph: "\\x21-\\x7E",
      lower: "a-z",
      print: "\\x20-\\x7E ",
      punct: "\\-!\"#$%&'()\\*+,./:;<=>?@[\\]^_`{|}~",
      space: " \\t\\r\\n\\v\\f",
      upper: "A-Z",
      word: "A-Za-z0-9_",
      xdigit: "A-Fa-f0-9"
    };
    module.exports = {
      DEFAULT_MAX_EXTGLOB_RECURSION,
      MAX_LENGTH: 1024 * 64,
      POSIX_REGEX_SOURCE,
      // regular expressions
      REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
      REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
      REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
      REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
      REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
      REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,
      // Replace globs with equivalent patterns to reduce parsing time.
      REPLACEMENTS: {
        __proto__: null,
        "***": "*",
        "**/**": "**",
        "**/**/**": "**"
      },
      // Digits
      CHAR_0: 48,
      /* 0 */
      CHAR_9: 57,
      /* 9 */
      // Alphabet chars.
      CHAR_UPPERCASE_A: 65,
      /* A */
      CHAR_LOWERCASE_A: 97,
      /* a */
      CHAR_UPPERCASE_Z: 90,
      /* Z */
      CHAR_LOWERCASE_Z: 122,
      /* z */
      CHAR_LEFT_PARENTHESES: 40,
      /* ( */
      CHAR_RIGHT_PARENTHESES: 41,
      /* ) */
      CHAR_ASTERISK: 42,
      /* * */
      // Non-alphabetic chars.
      CHAR_AMPERSAND: 38,
      /* & */
      CHAR_AT: 64,
      /* @ */
      CHAR_BACKWARD_SLASH: 92,
      /* \ */
      CHAR_CARRIAGE_RETURN: 13,
      /* \r */
      CHAR_CIRCUMFLEX_ACCENT: 94,
      /* ^ */
      CHAR_COLON: 58,
      /* : */
      CHAR_COMMA: 44,
      /* , */
      CHAR_DOT: 46,
      /* . */
      CHAR_DOUBLE_QUOTE: 34,
      /* " */
      CHAR_EQUAL: 61,
      /* = */
      CHAR_EXCLAMATION_MARK: 33,
      /* ! */
      CHAR_FORM_FEED: 12,
      /* \f */
      CHAR_FORWARD_SLASH: 47,
      /* / */
      CHAR_GRAVE_ACCENT: 96,
      /* ` */
      CHAR_HASH: 35,
      /* # */
      CHAR_HYPHEN_MINUS: 45,
      /* - */
      CHAR_LEFT_ANGLE_BRACKET: 60,
      /* < */
      CHAR_LEFT_CURLY_BRACE: 123,
      /* { */
      CHAR_LEFT_SQUARE_BRACKET: 91,
      /* [ */
      CHAR_LINE_FEED: 10,
      /* \n */
      CHAR_NO_BREAK_SPACE: 160,
      /* \u00A0 */
      CHAR_PERCENT: 37,
      /* % */
      CHAR_PLUS: 43,
      /* + */
      CHAR_QUESTION_MARK: 63,
      /* ? */
      CHAR_RIGHT_ANGLE_BRACKET: 62,
      /* > */
      CHAR_RIGHT_CURLY_BRACE: 125,
      /* } */
      CHAR_RIGHT_SQUARE_BRACKET: 93,
      /* ] */
      CHAR_SEMICOLON: 59,
      /* ; */
      CHAR_SINGLE_QUOTE: 39,
      /* ' */
      CHAR_SPACE: 32,
      /*   */
      CHAR_TAB: 9,
      /* \t */
      CHAR_UNDERSCORE: 95,
      /* _ */
      CHAR_VERTICAL_LINE: 124,
      /* | */
      CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279,
      /* \uFEFF */
      /**
       * Create EXTGLOB_CHARS
       */
      extglobChars(chars) {
        return {
          "!": { type: "negate", open: "(?:(?!(?:", close: `))${chars.STAR})` },
          "?": { type: "qmark", open: "(?:", close: ")?" },
          "+": { type: "plus", open: "(?:", close: ")+" },
          "*": { type: "star", open: "(?:", close: ")*" },
          "@": { type: "at", open: "(?:", close: ")" }
        };
      },
      /**
       * Create GLOB_CHARS
       */
      globChars(win32) {
        return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
      }
    };
  }
});

// node_modules/picomatch/lib/utils.js
var require_utils = __commonJS({
  "node_modules/picomatch/lib/utils.js"(exports) {
    "use strict";
    var {
      REGEX_BACKSLASH,
      REGEX_REMOVE_BACKSLASH,
      REGEX_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_GLOBAL
    } = require_constants();
    exports.isObject = (val) => val !== null && typeof val === "object" && !Array.isArray(val);
    exports.hasRegexChars = (str) => REGEX_SPECIAL_CHARS.test(str);
    exports.isRegexChar = (str) => str.length === 1 && exports.hasRegexChars(str);
    exports.escapeRegex = (str) => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, "\\$1");
    exports.toPosixSlashes = (str) => str.replace(REGEX_BACKSLASH, "/");
    exports.isWindows = () => {
      if (typeof navigator !== "undefined" && navigator.platform) {
        const platform = navigator.platform.toLowerCase();
        return platform === "win32" || platform === "windows";
      }
      if (typeof process !== "undefined" && process.platform) {
        return process.platform === "win32";
      }
      return false;
    };
    exports.removeBackslashes = (str) => {
      return str.replace(REGEX_REMOVE_BACKSLASH, (match) => {
        return match === "\\" ? "" : match;
      });
    };
    exports.escapeLast = (input, char, lastIdx) => {
      const idx = input.lastIndexOf(char, lastIdx);
      if (idx === -1) return input;
      if (input[idx - 1] === "\\") return exports.escapeLast(input, char, idx - 1);
      return `${input.slice(0, idx)}\\${input.slice(idx)}`;
    };
    exports.removePrefix = (input, state = {}) => {
      let output = input;
      if (output.startsWith("./")) {
        output = output.slice(2);
        state.prefix = "./";
      }
      return output;
    };
    exports.wrapOutput = (input, state = {}, options = {}) => {
      const prepend = options.contains ? "" : "^";
      const append = options.contains ? "" : "$";
      let output = `${prepend}(?:${input})${append}`;
      if (state.negated === true) {
        output = `(?:^(?!${output}).*$)`;
      }
      return output;
    };
    exports.basename = (path9, { windows } = {}) => {
      const segs = path9.split(windows ? /[\\/]/ : "/");
      const last = segs[segs.length - 1];
      if (last === "") {
        return segs[segs.length - 2];
      }
      return last;
    };
  }
});

// node_modules/picomatch/lib/scan.js
var require_scan = __commonJS({
  "node_modules/picomatch/lib/scan.js"(exports, module) {
    "use strict";
    var utils = require_utils();
    var {
      CHAR_ASTERISK,
      /* * */
      CHAR_AT,
      /* @ */
      CHAR_BACKWARD_SLASH,
      /* \ */
      CHAR_COMMA,
      /* , */
      CHAR_DOT,
      /* . */
      CHAR_EXCLAMATION_MARK,
      /* ! */
      CHAR_FORWARD_SLASH,
      /* / */
      CHAR_LEFT_CURLY_BRACE,
      /* { */
      CHAR_LEFT_PARENTHESES,
      /* ( */
      CHAR_LEFT_SQUARE_BRACKET,
      /* [ */
      CHAR_PLUS,
      /* + */
      CHAR_QUESTION_MARK,
      /* ? */
      CHAR_RIGHT_CURLY_BRACE,
      /* } */
      CHAR_RIGHT_PARENTHESES,
      /* ) */
      CHAR_RIGHT_SQUARE_BRACKET
      /* ] */
    } = require_constants();
    var isPathSeparator = (code) => {
      return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
    };
    var depth = (token) => {
      if (token.isPrefix !== true) {
        token.depth = token.isGlobstar ? Infinity : 1;
      }
    };
    var scan = (input, options) => {
      const opts = options || {};
      const length = input.length - 1;
      const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
      const slashes = [];
      const tokens = [];
      const parts = [];
      let str = input;
      let index = -1;
      let start = 0;
      let lastIndex = 0;
      let isBrace = false;
      let isBracket = false;
      let isGlob = false;
      let isExtglob = false;
      let isGlobstar = false;
      let braceEscaped = false;
      let backslashes = false;
      let negated = false;
      let negatedExtglob = false;
      let finished = false;
      let braces = 0;
      let prev;
      let code;
      let token = { value: "", depth: 0, isGlob: false };
      const eos = () => index >= length;
      const peek = () => str.charCodeAt(index + 1);
      const advance = () => {
        prev = code;
        return str.charCodeAt(++index);
      };
      while (index < length) {
        code = advance();
        let next;
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          code = advance();
          if (code === CHAR_LEFT_CURLY_BRACE) {
            braceEscaped = true;
          }
          continue;
        }
        if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (code === CHAR_LEFT_CURLY_BRACE) {
              braces++;
              continue;
            }
            if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
              isBrace = token.isBrace = true;
              isGlob = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (braceEscaped !== true && code === CHAR_COMMA) {
              isBrace = token.isBrace = true;
              isGlob = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (code === CHAR_RIGHT_CURLY_BRACE) {
              braces--;
              if (braces === 0) {
                braceEscaped = false;
                isBrace = token.isBrace = true;
                finished = true;
                break;
              }
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_FORWARD_SLASH) {
          slashes.push(index);
          tokens.push(token);
          token = { value: "", depth: 0, isGlob: false };
          if (finished === true) continue;
          if (prev === CHAR_DOT && index === start + 1) {
            start += 2;
            continue;
          }
          lastIndex = index + 1;
          continue;
        }
        if (opts.noext !== true) {
          const isExtglobChar = code === CHAR_PLUS || code === CHAR_AT || code === CHAR_ASTERISK || code === CHAR_QUESTION_MARK || code === CHAR_EXCLAMATION_MARK;
          if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
            isGlob = token.isGlob = true;
            isExtglob = token.isExtglob = true;
            finished = true;
            if (code === CHAR_EXCLAMATION_MARK && index === start) {
              negatedExtglob = true;
            }
            if (scanToEnd === true) {
              let parens = 0;
              while (eos() !== true && (code = advance())) {
                if (code === CHAR_BACKWARD_SLASH) {
                  backslashes = token.backslashes = true;
                  advance();
                  continue;
                }
                if (code === CHAR_LEFT_PARENTHESES) {
                  parens++;
                  continue;
                }
                if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                  finished = true;
                  break;
                }
              }
              continue;
            }
            break;
          }
        }
        if (code === CHAR_ASTERISK) {
          if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
          isGlob = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_QUESTION_MARK) {
          isGlob = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_LEFT_SQUARE_BRACKET) {
          while (eos() !== true && (next = advance())) {
            if (next === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (next === CHAR_RIGHT_SQUARE_BRACKET) {
              isBracket = token.isBracket = true;
              isGlob = token.isGlob = true;
              finished = true;
              break;
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
          negated = token.negated = true;
          start++;
          continue;
        }
        if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
          isGlob = token.isGlob = true;
          if (scanToEnd === true) {
            let parens = 1;
            while (eos() !== true && (code = advance())) {
              if (code === CHAR_BACKWARD_SLASH) {
                backslashes = token.backslashes = true;
                advance();
                continue;
              }
              if (code === CHAR_LEFT_PARENTHESES) {
                parens++;
                continue;
              }
              if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                finished = true;
                break;
              }
            }
            continue;
          }
          break;
        }
        if (isGlob === true) {
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
      }
      if (opts.noext === true) {
        isExtglob = false;
        isGlob = false;
      }
      let base = str;
      let prefix = "";
      let glob = "";
      if (start > 0) {
        prefix = str.slice(0, start);
        str = str.slice(start);
        lastIndex -= start;
      }
      if (base && isGlob === true && lastIndex > 0) {
        base = str.slice(0, lastIndex);
        glob = str.slice(lastIndex);
      } else if (isGlob === true) {
        base = "";
        glob = str;
      } else {
        base = str;
      }
      if (base && base !== "" && base !== "/" && base !== str) {
        if (isPathSeparator(base.charCodeAt(base.length - 1))) {
          base = base.slice(0, -1);
        }
      }
      if (opts.unescape === true) {
        if (glob) glob = utils.removeBackslashes(glob);
        if (base && backslashes === true) {
          base = utils.removeBackslashes(base);
        }
      }
      const state = {
        prefix,
        input,
        start,
        base,
        glob,
        isBrace,
        isBracket,
        isGlob,
        isExtglob,
        isGlobstar,
        negated,
        negatedExtglob
      };
      if (opts.tokens === true) {
        state.maxDepth = 0;
        if (!isPathSeparator(code)) {
          tokens.push(token);
        }
        state.tokens = tokens;
      }
      if (opts.parts === true || opts.tokens === true) {
        let prevIndex;
        for (let idx = 0; idx < slashes.length; idx++) {
          const n2 = prevIndex !== void 0 ? prevIndex + 1 : start;
          const i = slashes[idx];
          const value2 = input.slice(n2, i);
          if (opts.tokens) {
            if (idx === 0 && start !== 0) {
              tokens[idx].isPrefix = true;
              tokens[idx].value = prefix;
            } else {
              tokens[idx].value = value2;
            }
            depth(tokens[idx]);
            state.maxDepth += tokens[idx].depth;
          }
          if (i >= start) {
            parts.push(value2);
            prevIndex = i;
          }
        }
        const n = prevIndex !== void 0 ? prevIndex + 1 : start;
        const value = input.slice(n);
        parts.push(value);
        if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
          tokens[tokens.length - 1].value = value;
          depth(tokens[tokens.length - 1]);
          state.maxDepth += tokens[tokens.length - 1].depth;
        }
        state.slashes = slashes;
        state.parts = parts;
      }
      return state;
    };
    module.exports = scan;
  }
});

// node_modules/picomatch/lib/parse.js
var require_parse = __commonJS({
  "node_modules/picomatch/lib/parse.js"(exports, module) {
    "use strict";
    var constants = require_constants();
    var utils = require_utils();
    var {
      MAX_LENGTH,
      POSIX_REGEX_SOURCE,
      REGEX_NON_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_BACKREF,
      REPLACEMENTS
    } = constants;
    var expandRange = (args, options) => {
      if (typeof options.expandRange === "function") {
        return options.expandRange(...args, options);
      }
      args.sort();
      const value = `[${args.join("-")}]`;
      try {
        new RegExp(value);
      } catch (ex) {
        return args.map((v) => utils.escapeRegex(v)).join("..");
      }
      return value;
    };
    var syntaxError = (type, char) => {
      return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
    };
    var splitTopLevel = (input) => {
      const parts = [];
      let bracket = 0;
      let paren = 0;
      let quote = 0;
      let value = "";
      let escaped = false;
      for (const ch of input) {
        if (escaped === true) {
          value += ch;
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          value += ch;
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote = quote === 1 ? 0 : 1;
          value += ch;
          continue;
        }
        if (quote === 0) {
          if (ch === "[") {
            bracket++;
          } else if (ch === "]" && bracket > 0) {
            bracket--;
          } else if (bracket === 0) {
            if (ch === "(") {
              paren++;
            } else if (ch === ")" && paren > 0) {
              paren--;
            } else if (ch === "|" && paren === 0) {
              parts.push(value);
              value = "";
              continue;
            }
          }
        }
        value += ch;
      }
      parts.push(value);
      return parts;
    };
    var isPlainBranch = (branch) => {
      let escaped = false;
      for (const ch of branch) {
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (/[?*+@!()[\]{}]/.test(ch)) {
          return false;
        }
      }
      return true;
    };
    var normalizeSimpleBranch = (branch) => {
      let value = branch.trim();
      let changed = true;
      while (changed === true) {
        changed = false;
        if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
          value = value.slice(2, -1);
          changed = true;
        }
      }
      if (!isPlainBranch(value)) {
        return;
      }
      return value.replace(/\\(.)/g, "$1");
    };
    var hasRepeatedCharPrefixOverlap = (branches) => {
      const values = branches.map(normalizeSimpleBranch).filter(Boolean);
      for (let i = 0; i < values.length; i++) {
        for (let j = i + 1; j < values.length; j++) {
          const a = values[i];
          const b = values[j];
          const char = a[0];
          if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
            continue;
          }
          if (a === b || a.startsWith(b) || b.startsWith(a)) {
            return true;
          }
        }
      }
      return false;
    };
    var parseRepeatedExtglob = (pattern, requireEnd = true) => {
      if (pattern[0] !== "+" && pattern[0] !== "*" || pattern[1] !== "(") {
        return;
      }
      let bracket = 0;
      let paren = 0;
      let quote = 0;
      let escaped = false;
      for (let i = 1; i < pattern.length; i++) {
        const ch = pattern[i];
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote = quote === 1 ? 0 : 1;
          continue;
        }
        if (quote === 1) {
          continue;
        }
        if (ch === "[") {
          bracket++;
          continue;
        }
        if (ch === "]" && bracket > 0) {
          bracket--;
          continue;
        }
        if (bracket > 0) {
          continue;
        }
        if (ch === "(") {
          paren++;
          continue;
        }
        if (ch === ")") {
          paren--;
          if (paren === 0) {
            if (requireEnd === true && i !== pattern.length - 1) {
              return;
            }
            return {
              type: pattern[0],
              body: pattern.slice(2, i),
              end: i
            };
          }
        }
      }
    };
    var buildCharClassStar = (chars) => {
      const source = chars.length === 1 ? utils.escapeRegex(chars[0]) : `[${chars.map((ch) => utils.escapeRegex(ch)).join("")}]`;
      return `${source}*`;
    };
    var getStarExtglobSequenceChars = (pattern) => {
      let index = 0;
      const chars = [];
      while (index < pattern.length) {
        const match = parseRepeatedExtglob(pattern.slice(index), false);
        if (!match || match.type !== "*") {
          return;
        }
        const branches = splitTopLevel(match.body).map((branch2) => branch2.trim());
        if (branches.length !== 1) {
          return;
        }
        const branch = normalizeSimpleBranch(branches[0]);
        if (!branch || branch.length !== 1) {
          return;
        }
        chars.push(branch);
        index += match.end + 1;
      }
      if (chars.length < 1) {
        return;
      }
      return chars;
    };
    var repeatedExtglobRecursion = (pattern) => {
      let depth = 0;
      let value = pattern.trim();
      let match = parseRepeatedExtglob(value);
      while (match) {
        depth++;
        value = match.body.trim();
        match = parseRepeatedExtglob(value);
      }
      return depth;
    };
    var analyzeRepeatedExtglob = (body, options) => {
      if (options.maxExtglobRecursion === false) {
        return { risky: false };
      }
      const max = typeof options.maxExtglobRecursion === "number" ? options.maxExtglobRecursion : constants.DEFAULT_MAX_EXTGLOB_RECURSION;
      const branches = splitTopLevel(body).map((branch) => branch.trim());
      if (branches.length > 1) {
        if (branches.some((branch) => branch === "") || branches.some((branch) => /^[*?]+$/.test(branch)) || hasRepeatedCharPrefixOverlap(branches)) {
          return { risky: true };
        }
      }
      const safeChars = [];
      let sawStarSequence = false;
      let combinable = true;
      for (const branch of branches) {
        const chars = getStarExtglobSequenceChars(branch);
        if (chars) {
          sawStarSequence = true;
          safeChars.push(...chars);
          continue;
        }
        const literal = normalizeSimpleBranch(branch);
        if (literal && literal.length === 1) {
          safeChars.push(literal);
          continue;
        }
        combinable = false;
        if (repeatedExtglobRecursion(branch) > max) {
          return { risky: true };
        }
      }
      if (sawStarSequence) {
        return combinable ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) } : { risky: true };
      }
      return { risky: false };
    };
    var parse = (input, options) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected a string");
      }
      input = REPLACEMENTS[input] || input;
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      let len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      const bos = { type: "bos", value: "", output: opts.prepend || "" };
      const tokens = [bos];
      const capture = opts.capture ? "" : "?:";
      const PLATFORM_CHARS = constants.globChars(opts.windows);
      const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);
      const {
        DOT_LITERAL,
        PLUS_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOT_SLASH,
        NO_DOTS_SLASH,
        QMARK,
        QMARK_NO_DOT,
        STAR,
        START_ANCHOR
      } = PLATFORM_CHARS;
      const globstar = (opts2) => {
        return `(${capture}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const nodot = opts.dot ? "" : NO_DOT;
      const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
      let star = opts.bash === true ? globstar(opts) : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      if (typeof opts.noext === "boolean") {
        opts.noextglob = opts.noext;
      }
      const state = {
        input,
        index: -1,
        start: 0,
        dot: opts.dot === true,
        consumed: "",
        output: "",
        prefix: "",
        backtrack: false,
        negated: false,
        brackets: 0,
        braces: 0,
        parens: 0,
        quotes: 0,
        globstar: false,
        tokens
      };
      input = utils.removePrefix(input, state);
      len = input.length;
      const extglobs = [];
      const braces = [];
      const stack = [];
      let prev = bos;
      let value;
      const eos = () => state.index === len - 1;
      const peek = state.peek = (n = 1) => input[state.index + n];
      const advance = state.advance = () => input[++state.index] || "";
      const remaining = () => input.slice(state.index + 1);
      const consume = (value2 = "", num = 0) => {
        state.consumed += value2;
        state.index += num;
      };
      const append = (token) => {
        state.output += token.output != null ? token.output : token.value;
        consume(token.value);
      };
      const negate = () => {
        let count = 1;
        while (peek() === "!" && (peek(2) !== "(" || peek(3) === "?")) {
          advance();
          state.start++;
          count++;
        }
        if (count % 2 === 0) {
          return false;
        }
        state.negated = true;
        state.start++;
        return true;
      };
      const increment = (type) => {
        state[type]++;
        stack.push(type);
      };
      const decrement = (type) => {
        state[type]--;
        stack.pop();
      };
      const push = (tok) => {
        if (prev.type === "globstar") {
          const isBrace = state.braces > 0 && (tok.type === "comma" || tok.type === "brace");
          const isExtglob = tok.extglob === true || extglobs.length && (tok.type === "pipe" || tok.type === "paren");
          if (tok.type !== "slash" && tok.type !== "paren" && !isBrace && !isExtglob) {
            state.output = state.output.slice(0, -prev.output.length);
            prev.type = "star";
            prev.value = "*";
            prev.output = star;
            state.output += prev.output;
          }
        }
        if (extglobs.length && tok.type !== "paren") {
          extglobs[extglobs.length - 1].inner += tok.value;
        }
        if (tok.value || tok.output) append(tok);
        if (prev && prev.type === "text" && tok.type === "text") {
          prev.output = (prev.output || prev.value) + tok.value;
          prev.value += tok.value;
          return;
        }
        tok.prev = prev;
        tokens.push(tok);
        prev = tok;
      };
      const extglobOpen = (type, value2) => {
        const token = { ...EXTGLOB_CHARS[value2], conditions: 1, inner: "" };
        token.prev = prev;
        token.parens = state.parens;
        token.output = state.output;
        token.startIndex = state.index;
        token.tokensIndex = tokens.length;
        const output = (opts.capture ? "(" : "") + token.open;
        increment("parens");
        push({ type, value: value2, output: state.output ? "" : ONE_CHAR });
        push({ type: "paren", extglob: true, value: advance(), output });
        extglobs.push(token);
      };
      const extglobClose = (token) => {
        const literal = input.slice(token.startIndex, state.index + 1);
        const body = input.slice(token.startIndex + 2, state.index);
        const analysis = analyzeRepeatedExtglob(body, opts);
        if ((token.type === "plus" || token.type === "star") && analysis.risky) {
          const safeOutput = analysis.safeOutput ? (token.output ? "" : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput) : void 0;
          const open = tokens[token.tokensIndex];
          open.type = "text";
          open.value = literal;
          open.output = safeOutput || utils.escapeRegex(literal);
          for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
            tokens[i].value = "";
            tokens[i].output = "";
            delete tokens[i].suffix;
          }
          state.output = token.output + open.output;
          state.backtrack = true;
          push({ type: "paren", extglob: true, value, output: "" });
          decrement("parens");
          return;
        }
        let output = token.close + (opts.capture ? ")" : "");
        let rest;
        if (token.type === "negate") {
          let extglobStar = star;
          if (token.inner && token.inner.length > 1 && token.inner.includes("/")) {
            extglobStar = globstar(opts);
          }
          if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
            output = token.close = `)$))${extglobStar}`;
          }
          if (token.inner.includes("*") && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
            const expression = parse(rest, { ...options, fastpaths: false }).output;
            output = token.close = `)${expression})${extglobStar})`;
          }
          if (token.prev.type === "bos") {
            state.negatedExtglob = true;
          }
        }
        push({ type: "paren", extglob: true, value, output });
        decrement("parens");
      };
      if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
        let backslashes = false;
        let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
          if (first === "\\") {
            backslashes = true;
            return m;
          }
          if (first === "?") {
            if (esc) {
              return esc + first + (rest ? QMARK.repeat(rest.length) : "");
            }
            if (index === 0) {
              return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : "");
            }
            return QMARK.repeat(chars.length);
          }
          if (first === ".") {
            return DOT_LITERAL.repeat(chars.length);
          }
          if (first === "*") {
            if (esc) {
              return esc + first + (rest ? star : "");
            }
            return star;
          }
          return esc ? m : `\\${m}`;
        });
        if (backslashes === true) {
          if (opts.unescape === true) {
            output = output.replace(/\\/g, "");
          } else {
            output = output.replace(/\\+/g, (m) => {
              return m.length % 2 === 0 ? "\\\\" : m ? "\\" : "";
            });
          }
        }
        if (output === input && opts.contains === true) {
          state.output = input;
          return state;
        }
        state.output = utils.wrapOutput(output, state, options);
        return state;
      }
      while (!eos()) {
        value = advance();
        if (value === "\0") {
          continue;
        }
        if (value === "\\") {
          const next = peek();
          if (next === "/" && opts.bash !== true) {
            continue;
          }
          if (next === "." || next === ";") {
            continue;
          }
          if (!next) {
            value += "\\";
            push({ type: "text", value });
            continue;
          }
          const match = /^\\+/.exec(remaining());
          let slashes = 0;
          if (match && match[0].length > 2) {
            slashes = match[0].length;
            state.index += slashes;
            if (slashes % 2 !== 0) {
              value += "\\";
            }
          }
          if (opts.unescape === true) {
            value = advance();
          } else {
            value += advance();
          }
          if (state.brackets === 0) {
            push({ type: "text", value });
            continue;
          }
        }
        if (state.brackets > 0 && (value !== "]" || prev.value === "[" || prev.value === "[^")) {
          if (opts.posix !== false && value === ":") {
            const inner = prev.value.slice(1);
            if (inner.includes("[")) {
              prev.posix = true;
              if (inner.includes(":")) {
                const idx = prev.value.lastIndexOf("[");
                const pre = prev.value.slice(0, idx);
                const rest2 = prev.value.slice(idx + 2);
                const posix = POSIX_REGEX_SOURCE[rest2];
                if (posix) {
                  prev.value = pre + posix;
                  state.backtrack = true;
                  advance();
                  if (!bos.output && tokens.indexOf(prev) === 1) {
                    bos.output = ONE_CHAR;
                  }
                  continue;
                }
              }
            }
          }
          if (value === "[" && peek() !== ":" || value === "-" && peek() === "]") {
            value = `\\${value}`;
          }
          if (value === "]" && (prev.value === "[" || prev.value === "[^")) {
            value = `\\${value}`;
          }
          if (opts.posix === true && value === "!" && prev.value === "[") {
            value = "^";
          }
          prev.value += value;
          append({ value });
          continue;
        }
        if (state.quotes === 1 && value !== '"') {
          value = utils.escapeRegex(value);
          prev.value += value;
          append({ value });
          continue;
        }
        if (value === '"') {
          state.quotes = state.quotes === 1 ? 0 : 1;
          if (opts.keepQuotes === true) {
            push({ type: "text", value });
          }
          continue;
        }
        if (value === "(") {
          increment("parens");
          push({ type: "paren", value });
          continue;
        }
        if (value === ")") {
          if (state.parens === 0 && opts.strictBrackets === true) {
            throw new SyntaxError(syntaxError("opening", "("));
          }
          const extglob = extglobs[extglobs.length - 1];
          if (extglob && state.parens === extglob.parens + 1) {
            extglobClose(extglobs.pop());
            continue;
          }
          push({ type: "paren", value, output: state.parens ? ")" : "\\)" });
          decrement("parens");
          continue;
        }
        if (value === "[") {
          if (opts.nobracket === true || !remaining().includes("]")) {
            if (opts.nobracket !== true && opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("closing", "]"));
            }
            value = `\\${value}`;
          } else {
            increment("brackets");
          }
          push({ type: "bracket", value });
          continue;
        }
        if (value === "]") {
          if (opts.nobracket === true || prev && prev.type === "bracket" && prev.value.length === 1) {
            push({ type: "text", value, output: `\\${value}` });
            continue;
          }
          if (state.brackets === 0) {
            if (opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("opening", "["));
            }
            push({ type: "text", value, output: `\\${value}` });
            continue;
          }
          decrement("brackets");
          const prevValue = prev.value.slice(1);
          if (prev.posix !== true && prevValue[0] === "^" && !prevValue.includes("/")) {
            value = `/${value}`;
          }
          prev.value += value;
          append({ value });
          if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
            continue;
          }
          const escaped = utils.escapeRegex(prev.value);
          state.output = state.output.slice(0, -prev.value.length);
          if (opts.literalBrackets === true) {
            state.output += escaped;
            prev.value = escaped;
            continue;
          }
          prev.value = `(${capture}${escaped}|${prev.value})`;
          state.output += prev.value;
          continue;
        }
        if (value === "{" && opts.nobrace !== true) {
          increment("braces");
          const open = {
            type: "brace",
            value,
            output: "(",
            outputIndex: state.output.length,
            tokensIndex: state.tokens.length
          };
          braces.push(open);
          push(open);
          continue;
        }
        if (value === "}") {
          const brace = braces[braces.length - 1];
          if (opts.nobrace === true || !brace) {
            push({ type: "text", value, output: value });
            continue;
          }
          let output = ")";
          if (brace.dots === true) {
            const arr = tokens.slice();
            const range = [];
            for (let i = arr.length - 1; i >= 0; i--) {
              tokens.pop();
              if (arr[i].type === "brace") {
                break;
              }
              if (arr[i].type !== "dots") {
                range.unshift(arr[i].value);
              }
            }
            output = expandRange(range, opts);
            state.backtrack = true;
          }
          if (brace.comma !== true && brace.dots !== true) {
            const out = state.output.slice(0, brace.outputIndex);
            const toks = state.tokens.slice(brace.tokensIndex);
            brace.value = brace.output = "\\{";
            value = output = "\\}";
            state.output = out;
            for (const t of toks) {
              state.output += t.output || t.value;
            }
          }
          push({ type: "brace", value, output });
          decrement("braces");
          braces.pop();
          continue;
        }
        if (value === "|") {
          if (extglobs.length > 0) {
            extglobs[extglobs.length - 1].conditions++;
          }
          push({ type: "text", value });
          continue;
        }
        if (value === ",") {
          let output = value;
          const brace = braces[braces.length - 1];
          if (brace && stack[stack.length - 1] === "braces") {
            brace.comma = true;
            output = "|";
          }
          push({ type: "comma", value, output });
          continue;
        }
        if (value === "/") {
          if (prev.type === "dot" && state.index === state.start + 1) {
            state.start = state.index + 1;
            state.consumed = "";
            state.output = "";
            tokens.pop();
            prev = bos;
            continue;
          }
          push({ type: "slash", value, output: SLASH_LITERAL });
          continue;
        }
        if (value === ".") {
          if (state.braces > 0 && prev.type === "dot") {
            if (prev.value === ".") prev.output = DOT_LITERAL;
            const brace = braces[braces.length - 1];
            prev.type = "dots";
            prev.output += value;
            prev.value += value;
            brace.dots = true;
            continue;
          }
          if (state.braces + state.parens === 0 && prev.type !== "bos" && prev.type !== "slash") {
            push({ type: "text", value, output: DOT_LITERAL });
            continue;
          }
          push({ type: "dot", value, output: DOT_LITERAL });
          continue;
        }
        if (value === "?") {
          const isGroup = prev && prev.value === "(";
          if (!isGroup && opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("qmark", value);
            continue;
          }
          if (prev && prev.type === "paren") {
            const next = peek();
            let output = value;
            if (prev.value === "(" && !/[!=<:]/.test(next) || next === "<" && !/<([!=]|\w+>)/.test(remaining())) {
              output = `\\${value}`;
            }
            push({ type: "text", value, output });
            continue;
          }
          if (opts.dot !== true && (prev.type === "slash" || prev.type === "bos")) {
            push({ type: "qmark", value, output: QMARK_NO_DOT });
            continue;
          }
          push({ type: "qmark", value, output: QMARK });
          continue;
        }
        if (value === "!") {
          if (opts.noextglob !== true && peek() === "(") {
            if (peek(2) !== "?" || !/[!=<:]/.test(peek(3))) {
              extglobOpen("negate", value);
              continue;
            }
          }
          if (opts.nonegate !== true && state.index === 0) {
            negate();
            continue;
          }
        }
        if (value === "+") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("plus", value);
            continue;
          }
          if (prev && prev.value === "(" || opts.regex === false) {
            push({ type: "plus", value, output: PLUS_LITERAL });
            continue;
          }
          if (prev && (prev.type === "bracket" || prev.type === "paren" || prev.type === "brace") || state.parens > 0) {
            push({ type: "plus", value });
            continue;
          }
          push({ type: "plus", value: PLUS_LITERAL });
          continue;
        }
        if (value === "@") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            push({ type: "at", extglob: true, value, output: "" });
            continue;
          }
          push({ type: "text", value });
          continue;
        }
        if (value !== "*") {
          if (value === "$" || value === "^") {
            value = `\\${value}`;
          }
          const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
          if (match) {
            value += match[0];
            state.index += match[0].length;
          }
          push({ type: "text", value });
          continue;
        }
        if (prev && (prev.type === "globstar" || prev.star === true)) {
          prev.type = "star";
          prev.star = true;
          prev.value += value;
          prev.output = star;
          state.backtrack = true;
          state.globstar = true;
          consume(value);
          continue;
        }
        let rest = remaining();
        if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
          extglobOpen("star", value);
          continue;
        }
        if (prev.type === "star") {
          if (opts.noglobstar === true) {
            consume(value);
            continue;
          }
          const prior = prev.prev;
          const before = prior.prev;
          const isStart = prior.type === "slash" || prior.type === "bos";
          const afterStar = before && (before.type === "star" || before.type === "globstar");
          if (opts.bash === true && (!isStart || rest[0] && rest[0] !== "/")) {
            push({ type: "star", value, output: "" });
            continue;
          }
          const isBrace = state.braces > 0 && (prior.type === "comma" || prior.type === "brace");
          const isExtglob = extglobs.length && (prior.type === "pipe" || prior.type === "paren");
          if (!isStart && prior.type !== "paren" && !isBrace && !isExtglob) {
            push({ type: "star", value, output: "" });
            continue;
          }
          while (rest.slice(0, 3) === "/**") {
            const after = input[state.index + 4];
            if (after && after !== "/") {
              break;
            }
            rest = rest.slice(3);
            consume("/**", 3);
          }
          const isEnd = eos() || state.parens > 0 && rest === ")".repeat(state.parens) && !extglobs.some((extglob) => extglob.type === "negate");
          if (prior.type === "bos" && eos()) {
            prev.type = "globstar";
            prev.value += value;
            prev.output = globstar(opts);
            state.output = prev.output;
            state.globstar = true;
            consume(value);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && !afterStar && isEnd) {
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = globstar(opts) + (opts.strictSlashes ? ")" : "|$)");
            prev.value += value;
            state.globstar = true;
            state.output += prior.output + prev.output;
            consume(value);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && rest[0] === "/") {
            const end = rest[1] !== void 0 ? "|$" : "";
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
            prev.value += value;
            state.output += prior.output + prev.output;
            state.globstar = true;
            consume(value + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          if (prior.type === "bos" && rest[0] === "/") {
            prev.type = "globstar";
            prev.value += value;
            prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
            state.output = prev.output;
            state.globstar = true;
            consume(value + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          state.output = state.output.slice(0, -prev.output.length);
          prev.type = "globstar";
          prev.output = globstar(opts);
          prev.value += value;
          state.output += prev.output;
          state.globstar = true;
          consume(value);
          continue;
        }
        const token = { type: "star", value, output: star };
        if (opts.bash === true) {
          token.output = ".*?";
          if (prev.type === "bos" || prev.type === "slash") {
            token.output = nodot + token.output;
          }
          push(token);
          continue;
        }
        if (prev && (prev.type === "bracket" || prev.type === "paren") && opts.regex === true) {
          token.output = value;
          push(token);
          continue;
        }
        if (state.index === state.start || prev.type === "slash" || prev.type === "dot") {
          if (prev.type === "dot") {
            state.output += NO_DOT_SLASH;
            prev.output += NO_DOT_SLASH;
          } else if (opts.dot === true) {
            state.output += NO_DOTS_SLASH;
            prev.output += NO_DOTS_SLASH;
          } else {
            state.output += nodot;
            prev.output += nodot;
          }
          if (peek() !== "*") {
            state.output += ONE_CHAR;
            prev.output += ONE_CHAR;
          }
        }
        push(token);
      }
      while (state.brackets > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "]"));
        state.output = utils.escapeLast(state.output, "[");
        decrement("brackets");
      }
      while (state.parens > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", ")"));
        state.output = utils.escapeLast(state.output, "(");
        decrement("parens");
      }
      while (state.braces > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "}"));
        state.output = utils.escapeLast(state.output, "{");
        decrement("braces");
      }
      if (opts.strictSlashes !== true && (prev.type === "star" || prev.type === "bracket")) {
        push({ type: "maybe_slash", value: "", output: `${SLASH_LITERAL}?` });
      }
      if (state.backtrack === true) {
        state.output = "";
        for (const token of state.tokens) {
          state.output += token.output != null ? token.output : token.value;
          if (token.suffix) {
            state.output += token.suffix;
          }
        }
      }
      return state;
    };
    parse.fastpaths = (input, options) => {
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      const len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      input = REPLACEMENTS[input] || input;
      const {
        DOT_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOTS,
        NO_DOTS_SLASH,
        STAR,
        START_ANCHOR
      } = constants.globChars(opts.windows);
      const nodot = opts.dot ? NO_DOTS : NO_DOT;
      const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
      const capture = opts.capture ? "" : "?:";
      const state = { negated: false, prefix: "" };
      let star = opts.bash === true ? ".*?" : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      const globstar = (opts2) => {
        if (opts2.noglobstar === true) return star;
        return `(${capture}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const create = (str) => {
        switch (str) {
          case "*":
            return `${nodot}${ONE_CHAR}${star}`;
          case ".*":
            return `${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*.*":
            return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*/*":
            return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;
          case "**":
            return nodot + globstar(opts);
          case "**/*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;
          case "**/*.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "**/.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;
          default: {
            const match = /^(.*?)\.(\w+)$/.exec(str);
            if (!match) return;
            const source2 = create(match[1]);
            if (!source2) return;
            return source2 + DOT_LITERAL + match[2];
          }
        }
      };
      const output = utils.removePrefix(input, state);
      let source = create(output);
      if (source && opts.strictSlashes !== true) {
        source += `${SLASH_LITERAL}?`;
      }
      return source;
    };
    module.exports = parse;
  }
});

// node_modules/picomatch/lib/picomatch.js
var require_picomatch = __commonJS({
  "node_modules/picomatch/lib/picomatch.js"(exports, module) {
    "use strict";
    var scan = require_scan();
    var parse = require_parse();
    var utils = require_utils();
    var constants = require_constants();
    var isObject = (val) => val && typeof val === "object" && !Array.isArray(val);
    var picomatch2 = (glob, options, returnState = false) => {
      if (Array.isArray(glob)) {
        const fns = glob.map((input) => picomatch2(input, options, returnState));
        const arrayMatcher = (str) => {
          for (const isMatch of fns) {
            const state2 = isMatch(str);
            if (state2) return state2;
          }
          return false;
        };
        return arrayMatcher;
      }
      const isState = isObject(glob) && glob.tokens && glob.input;
      if (glob === "" || typeof glob !== "string" && !isState) {
        throw new TypeError("Expected pattern to be a non-empty string");
      }
      const opts = options || {};
      const posix = opts.windows;
      const regex = isState ? picomatch2.compileRe(glob, options) : picomatch2.makeRe(glob, options, false, true);
      const state = regex.state;
      delete regex.state;
      let isIgnored = () => false;
      if (opts.ignore) {
        const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
        isIgnored = picomatch2(opts.ignore, ignoreOpts, returnState);
      }
      const matcher = (input, returnObject = false) => {
        const { isMatch, match, output } = picomatch2.test(input, regex, options, { glob, posix });
        const result = { glob, state, regex, posix, input, output, match, isMatch };
        if (typeof opts.onResult === "function") {
          opts.onResult(result);
        }
        if (isMatch === false) {
          result.isMatch = false;
          return returnObject ? result : false;
        }
        if (isIgnored(input)) {
          if (typeof opts.onIgnore === "function") {
            opts.onIgnore(result);
          }
          result.isMatch = false;
          return returnObject ? result : false;
        }
        if (typeof opts.onMatch === "function") {
          opts.onMatch(result);
        }
        return returnObject ? result : true;
      };
      if (returnState) {
        matcher.state = state;
      }
      return matcher;
    };
    picomatch2.test = (input, regex, options, { glob, posix } = {}) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected input to be a string");
      }
      if (input === "") {
        return { isMatch: false, output: "" };
      }
      const opts = options || {};
      const format = opts.format || (posix ? utils.toPosixSlashes : null);
      let match = input === glob;
      let output = match && format ? format(input) : input;
      if (match === false) {
        output = format ? format(input) : input;
        match = output === glob;
      }
      if (match === false || opts.capture === true) {
        if (opts.matchBase === true || opts.basename === true) {
          match = picomatch2.matchBase(input, regex, options, posix);
        } else {
          match = regex.exec(output);
        }
      }
      return { isMatch: Boolean(match), match, output };
    };
    picomatch2.matchBase = (input, glob, options, posix = options && options.windows) => {
      const regex = glob instanceof RegExp ? glob : picomatch2.makeRe(glob, options);
      return regex.test(utils.basename(input, { windows: posix }));
    };
    picomatch2.isMatch = (str, patterns, options) => picomatch2(patterns, options)(str);
    picomatch2.parse = (pattern, options) => {
      if (Array.isArray(pattern)) return pattern.map((p) => picomatch2.parse(p, options));
      return parse(pattern, { ...options, fastpaths: false });
    };
    picomatch2.scan = (input, options) => scan(input, options);
    picomatch2.compileRe = (state, options, returnOutput = false, returnState = false) => {
      if (returnOutput === true) {
        return state.output;
      }
      const opts = options || {};
      const prepend = opts.contains ? "" : "^";
      const append = opts.contains ? "" : "$";
      let source = `${prepend}(?:${state.output})${append}`;
      if (state && state.negated === true) {
        source = `^(?!${source}).*$`;
      }
      const regex = picomatch2.toRegex(source, options);
      if (returnState === true) {
        regex.state = state;
      }
      return regex;
    };
    picomatch2.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
      if (!input || typeof input !== "string") {
        throw new TypeError("Expected a non-empty string");
      }
      let parsed = { negated: false, fastpaths: true };
      if (options.fastpaths !== false && (input[0] === "." || input[0] === "*")) {
        parsed.output = parse.fastpaths(input, options);
      }
      if (!parsed.output) {
        parsed = parse(input, options);
      }
      return picomatch2.compileRe(parsed, options, returnOutput, returnState);
    };
    picomatch2.toRegex = (source, options) => {
      try {
        const opts = options || {};
        return new RegExp(source, opts.flags || (opts.nocase ? "i" : ""));
      } catch (err) {
        if (options && options.debug === true) throw err;
        return /$^/;
      }
    };
    picomatch2.constants = constants;
    module.exports = picomatch2;
  }
});

// node_modules/picomatch/index.js
var require_picomatch2 = __commonJS({
  "node_modules/picomatch/index.js"(exports, module) {
    "use strict";
    var pico = require_picomatch();
    var utils = require_utils();
    function picomatch2(glob, options, returnState = false) {
      if (options && (options.windows === null || options.windows === void 0)) {
        options = { ...options, windows: utils.isWindows() };
      }
      return pico(glob, options, returnState);
    }
    Object.assign(picomatch2, pico);
    module.exports = picomatch2;
  }
});

// src/safety/contain.ts
import fs from "node:fs";
import path from "node:path";

// src/safety/dotGit.ts
var HFS_IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;
function isDotGit(segment) {
  const ntfs = segment.toLowerCase().replace(/:.*$/, "").replace(/[. ]+$/, "");
  if (ntfs === ".git" || ntfs === "git~1") return true;
  return segment.replace(HFS_IGNORABLE, "").toLowerCase() === ".git";
}

// src/safety/contain.ts
function containProblem(folder2, target) {
  const outside = (rel2) => rel2 === "" || rel2 === ".." || rel2.startsWith(`..${path.sep}`) || path.isAbsolute(rel2);
  const lexical = path.relative(path.resolve(folder2), path.resolve(target));
  if (outside(lexical)) return `it is outside its memory folder ${folder2}`;
  const realFolder = onDisk(folder2);
  const real = path.join(onDisk(path.dirname(target)), path.basename(target));
  const rel = path.relative(realFolder, real);
  if (outside(rel)) {
    const where = `it would land at ${real}`;
    return `a folder on its way is a link to elsewhere (${where}); memsync writes only inside the memory folders`;
  }
  if (rel.split(path.sep).some(isDotGit)) return "it is inside a .git folder; memsync never writes into a repository";
  try {
    fs.lstatSync(real);
  } catch (e) {
    if (osCode(e) === "ENAMETOOLONG") return "its name is longer than this file system allows";
  }
  return null;
}
function onDisk(p, depth = 0) {
  let dir = path.resolve(p);
  const rest = [];
  for (; ; ) {
    try {
      return path.join(fs.realpathSync(dir), ...rest);
    } catch {
      const link = depth < 40 ? readLink(dir) : null;
      if (link !== null) return onDisk(path.join(path.resolve(path.dirname(dir), link), ...rest), depth + 1);
      if (dir === path.dirname(dir)) return path.join(dir, ...rest);
      rest.unshift(path.basename(dir));
      dir = path.dirname(dir);
    }
  }
}
function readLink(p) {
  try {
    return fs.readlinkSync(p);
  } catch {
    return null;
  }
}

// src/sources/identity.ts
import fs5 from "node:fs";
import path6 from "node:path";

// src/sources/projectKey.ts
var MAX_SANITIZED_LENGTH = 200;
function claudeProjectKey(absPath) {
  const sanitized = absPath.replace(/[^a-zA-Z0-9]/g, "-");
  if (sanitized.length <= MAX_SANITIZED_LENGTH) return sanitized;
  return `${sanitized.slice(0, MAX_SANITIZED_LENGTH)}-${Math.abs(claudePathHash(absPath)).toString(36)}`;
}
function claudePathHash(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h << 5) - h + s.charCodeAt(i) | 0;
  return h;
}

// src/sources/claudeSettings.ts
import fs2 from "node:fs";
import path2 from "node:path";
function layer(file, scope) {
  try {
    const j = JSON.parse(fs2.readFileSync(file, "utf8"));
    if (!j || typeof j !== "object" || Array.isArray(j)) return { scope, file };
    const o = j;
    return { scope, file, dir: o.autoMemoryDirectory, enabled: o.autoMemoryEnabled };
  } catch {
    return { scope, file };
  }
}
function autoMemoryPath(value, env) {
  if (typeof value !== "string" || !value) return null;
  let p = value;
  if (p.startsWith("~/") || p.startsWith("~\\")) {
    const rest = p.slice(2);
    const n = path2.normalize(rest || ".");
    if (n === "." || n === ".." || n.startsWith("../") || n.startsWith("..\\")) return null;
    p = path2.join(homeDir(env), rest);
  }
  const r = path2.normalize(p).replace(/[/\\]+$/, "");
  if (!path2.isAbsolute(r) || r.length < 3 || r.startsWith("\\\\") || r.startsWith("//")) return null;
  if (r.includes("\0")) return null;
  return r.normalize("NFC");
}
var envFlag = (v) => {
  const t = v?.toLowerCase().trim();
  if (t && ["1", "true", "yes", "on"].includes(t)) return false;
  if (t && ["0", "false", "no", "off"].includes(t)) return true;
  return void 0;
};
function userLayer(configDir) {
  return layer(path2.join(configDir, "settings.json"), "user");
}
function autoMemoryOf(projectRoot, user, env, guard) {
  const own = (name, scope) => layer(path2.join(projectRoot, ".claude", name), scope);
  const hasOwn = projectRoot !== null && fs2.existsSync(path2.join(projectRoot, ".claude"));
  const layers = [...hasOwn ? [own("settings.local.json", "local"), own("settings.json", "project")] : [], user];
  const fromEnv = envFlag(env.CLAUDE_CODE_DISABLE_AUTO_MEMORY);
  const setting = layers.find((l) => typeof l.enabled === "boolean")?.enabled;
  const enabled = fromEnv ?? setting ?? true;
  const notes = [];
  for (const l of layers) {
    if (l.dir === void 0 || l.dir === null) continue;
    const untrusted = l.scope === "user" ? null : guard.untrusted();
    if (untrusted) {
      notes.push(`autoMemoryDirectory in ${l.file} is not followed: ${untrusted}`);
      continue;
    }
    const dir = autoMemoryPath(l.dir, env);
    const refused = dir && enabled ? guard.refusal(dir) : null;
    if (refused) {
      notes.push(
        `autoMemoryDirectory ${JSON.stringify(l.dir)} in ${l.file} is refused: ${dir}: ${refused}; memsync neither reads nor writes it, and this auto memory is not synced: name a folder of its own in your home`
      );
      return { enabled: false, dir: null, scope: null, notes };
    }
    return { enabled, dir, scope: dir ? l.scope : null, notes };
  }
  return { enabled, dir: null, scope: null, notes };
}

// src/sources/memoryGuard.ts
import path5 from "node:path";

// src/sources/claudeTrust.ts
import fs3 from "node:fs";
import path3 from "node:path";
var nonEmptyFile = (p) => (fs3.statSync(p, { throwIfNoEntry: false })?.size ?? 0) > 0;
function readTrustRecord(env) {
  const legacy = path3.join(claudeConfigDir(env), ".config.json");
  const dir = env.CLAUDE_CONFIG_DIR ? claudeConfigDir(env) : homeDir(env);
  const file = nonEmptyFile(legacy) ? legacy : path3.join(dir, ".claude.json");
  let text;
  try {
    text = fs3.readFileSync(file, "utf8");
  } catch (e) {
    if (osCode(e) === "ENOENT") return { file, projects: {}, problem: null };
    return { file, projects: {}, problem: `could not be read (${osCode(e) ?? e.message})` };
  }
  try {
    const j = JSON.parse(text);
    const p = j && typeof j === "object" ? j.projects : void 0;
    return { file, projects: p && typeof p === "object" ? p : {}, problem: null };
  } catch {
    return { file, projects: {}, problem: "is not valid JSON" };
  }
}
function spellings(dir) {
  let real = dir;
  try {
    real = fs3.realpathSync(dir);
  } catch {
  }
  return [...new Set([dir, real].flatMap((d) => [d, d.normalize("NFC")]))];
}
function untrustedWhy(record, root, mainCheckout) {
  if (record.problem) return `Claude Code's trust record ${record.file} ${record.problem}`;
  const trusted = (d) => spellings(d).some(
    (k) => record.projects[k]?.hasTrustDialogAccepted === true
  );
  if (trusted(root) || trusted(mainCheckout)) return null;
  if (!fs3.existsSync(path3.join(root, ".git"))) {
    for (let d = path3.dirname(root); d !== path3.dirname(d); d = path3.dirname(d)) if (trusted(d)) return null;
  }
  return `Claude Code has not trusted the workspace ${root} (no projects["${root}"].hasTrustDialogAccepted in ${record.file}): run claude there once and accept its trust dialog`;
}

// src/sources/sensitiveFolders.ts
import fs4 from "node:fs";
import path4 from "node:path";
var CREDENTIAL_FOLDERS = [
  ".ssh",
  ".gnupg",
  ".aws",
  ".azure",
  ".config/gcloud",
  ".config/gh",
  ".kube",
  ".docker",
  ".password-store",
  ".pki",
  ".local/share/keyrings",
  ".terraform.d"
];
var CREDENTIAL_FILES = [".netrc", "_netrc", ".git-credentials", ".pgpass", "id_rsa", "id_ed25519"];
var inside = (dir, parent) => {
  const rel = path4.relative(parent, dir);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${path4.sep}`) && !path4.isAbsolute(rel);
};
function folderRefusal(dir, places) {
  const real = onDisk(dir);
  for (const d of real === dir ? [dir] : [dir, real]) {
    const why = refusalOf(d, places);
    if (why) return d === dir ? why : `it is a link to ${real}, and ${why}`;
  }
  return null;
}
function refusalOf(dir, places) {
  const homes = [.../* @__PURE__ */ new Set([places.home, onDisk(places.home)])];
  if (homes.includes(dir)) return "it is your home folder";
  if (homes.some((h) => inside(h, dir))) return "it holds your home folder";
  const home = homes.find((h) => inside(dir, h));
  if (home === void 0) return "it is outside your home folder";
  const rel = path4.relative(home, dir).split(path4.sep).join("/");
  const creds = CREDENTIAL_FOLDERS.find((c) => rel === c || rel.startsWith(`${c}/`));
  if (creds) return `it is ~/${creds}, where credentials are kept`;
  for (const own of [places.claudeConfigDir, places.memsyncHome]) {
    if (dir === own || inside(own, dir)) return `it holds ${own}, which memsync does not sync whole`;
  }
  if (inside(dir, places.memsyncHome)) return `it is inside memsync's own folder ${places.memsyncHome}`;
  const file = CREDENTIAL_FILES.find((f) => fs4.existsSync(path4.join(dir, f)));
  if (file) return `it holds ${file}, a credential file`;
  return null;
}

// src/sources/memoryGuard.ts
function memoryGuards(configDir, env) {
  let record;
  const places = { home: path5.resolve(homeDir(env)), claudeConfigDir: configDir, memsyncHome: memsyncHome(env) };
  const refusal = (dir) => folderRefusal(dir, places);
  return {
    refusal,
    /** For user settings, which need no trust. */
    user: { refusal, untrusted: () => null },
    /** For a project at `root` (`mainCheckout`: the folder Claude Code files its memory under). */
    project(root, mainCheckout) {
      return { refusal, untrusted: () => untrustedWhy(record ??= readTrustRecord(env), root, mainCheckout) };
    }
  };
}

// src/sources/identity.ts
function sanitizeIdentity(raw) {
  const segments = raw.toLowerCase().split("/").filter((s) => s !== "").map((s) => s.replace(/[^a-z0-9._-]/g, "-"));
  if (segments.length === 0) return null;
  if (segments.some((s) => s === "." || s === "..")) return null;
  return segments.join("/");
}
var REMOTE_SCHEMES = /* @__PURE__ */ new Set(["http", "https", "ssh", "git", "git+ssh", "ssh+git", "git+https", "git+http"]);
function normalizeRemoteUrl(url) {
  const u = url.trim();
  if (u === "") return null;
  let host;
  let repoPath;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(u);
  if (scheme) {
    if (!REMOTE_SCHEMES.has(scheme[1].toLowerCase())) return null;
    let rest = scheme[2];
    const hashAt = rest.search(/[?#]/);
    if (hashAt >= 0) rest = rest.slice(0, hashAt);
    const slash = rest.indexOf("/");
    let authority = slash >= 0 ? rest.slice(0, slash) : rest;
    repoPath = slash >= 0 ? rest.slice(slash + 1) : "";
    const at = authority.lastIndexOf("@");
    if (at >= 0) authority = authority.slice(at + 1);
    if (authority.startsWith("[")) {
      const close = authority.indexOf("]");
      if (close < 0) return null;
      host = authority.slice(1, close);
    } else {
      const colon = authority.indexOf(":");
      if (colon >= 0) {
        const port = authority.slice(colon + 1);
        host = authority.slice(0, colon);
        if (port !== "" && !/^\d+$/.test(port)) repoPath = `${port}/${repoPath}`;
      } else {
        host = authority;
      }
    }
    try {
      repoPath = decodeURIComponent(repoPath);
    } catch {
    }
  } else {
    const scp = /^([^/:]+):(.*)$/s.exec(u);
    if (!scp) return null;
    const hostPart = scp[1];
    if (/^[A-Za-z]$/.test(hostPart)) return null;
    host = hostPart.slice(hostPart.lastIndexOf("@") + 1);
    repoPath = scp[2];
  }
  if (host === "" || /\s/.test(host)) return null;
  let p = repoPath.toLowerCase().replace(/\\/g, "/");
  p = p.replace(/\/+$/, "");
  if (p.endsWith(".git")) p = p.slice(0, -4);
  p = p.replace(/\/+$/, "");
  if (p.split("/").every((s) => s === "")) return null;
  if (p.split("/").some((s) => s === "." || s === "..")) return null;
  return sanitizeIdentity(`${host}/${p}`);
}
function statOrNull(p) {
  try {
    return fs5.statSync(p);
  } catch {
    return null;
  }
}
function findGitRoot(dir) {
  let d = path6.resolve(dir);
  for (; ; ) {
    const st = statOrNull(path6.join(d, ".git"));
    if (st && (st.isDirectory() || st.isFile())) return d;
    const parent = path6.dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}
function readText(p) {
  try {
    return fs5.readFileSync(p, "utf8");
  } catch {
    return null;
  }
}
function resolveGitDirs(gitRoot) {
  const dotGit = path6.join(gitRoot, ".git");
  const st = statOrNull(dotGit);
  if (!st) return null;
  let gitDir = dotGit;
  if (st.isFile()) {
    const text = readText(dotGit);
    const m = text === null ? null : /^gitdir:\s*(.+?)\s*$/m.exec(text);
    if (!m) return null;
    gitDir = path6.resolve(gitRoot, m[1]);
  } else if (!st.isDirectory()) {
    return null;
  }
  let commonDir = gitDir;
  const common = readText(path6.join(gitDir, "commondir"));
  if (common !== null && common.trim() !== "") commonDir = path6.resolve(gitDir, common.trim());
  return { gitDir, commonDir };
}
function memoryRootOf(gitRoot) {
  return memoryRootIn(gitRoot, resolveGitDirs(gitRoot));
}
function memoryRootIn(gitRoot, dirs) {
  if (dirs && dirs.commonDir !== dirs.gitDir && path6.basename(dirs.commonDir) === ".git")
    return path6.dirname(dirs.commonDir);
  return gitRoot;
}
function claudeMemoryDirOf(configDir, dir, env = process.env) {
  const root = findGitRoot(dir) ?? dir;
  const main = memoryRootOf(root);
  const custom = autoMemoryOf(root, userLayer(configDir), env, memoryGuards(configDir, env).project(root, main)).dir;
  return custom ?? path6.join(configDir, "projects", claudeProjectKey(main), "memory");
}
function readOriginUrl(gitRoot) {
  const dirs = resolveGitDirs(gitRoot);
  return dirs ? originUrlIn(dirs) : null;
}
var originConfigFiles = (dirs) => [
  path6.join(dirs.gitDir, "config.worktree"),
  path6.join(dirs.commonDir, "config")
];
function originUrlIn(dirs) {
  for (const file of originConfigFiles(dirs)) {
    const text = readText(file);
    if (text === null) continue;
    const url = gitConfigValue(text, "remote", "origin", "url");
    if (url !== null && url.trim() !== "") return url.trim();
  }
  return null;
}
function gitConfigValue(text, section, subsection, key) {
  const lines = text.split(/\r?\n/);
  let inTarget = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    let rest = line.replace(/^\s+/, "");
    if (rest.startsWith("[")) {
      const m = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(rest);
      if (!m) {
        inTarget = false;
        continue;
      }
      let sec = m[1];
      let sub = m[2]?.replace(/\\(.)/g, "$1");
      if (sub === void 0 && sec.includes(".")) {
        const dot = sec.indexOf(".");
        sub = sec.slice(dot + 1).toLowerCase();
        sec = sec.slice(0, dot);
      }
      inTarget = sec.toLowerCase() === section.toLowerCase() && sub === subsection;
      rest = rest.slice(m[0].length).replace(/^\s+/, "");
      if (rest === "") continue;
    }
    if (!inTarget) continue;
    if (rest === "" || rest.startsWith("#") || rest.startsWith(";")) continue;
    const km = /^([A-Za-z][A-Za-z0-9-]*)\s*(=?)(.*)$/s.exec(rest);
    if (!km || km[1].toLowerCase() !== key.toLowerCase()) {
      while (/\\$/.test(line) && i + 1 < lines.length) line = lines[++i];
      continue;
    }
    if (km[2] === "") return "true";
    let raw = km[3];
    while (raw.endsWith("\\") && !raw.endsWith("\\\\") && i + 1 < lines.length) {
      raw = raw.slice(0, -1) + lines[++i];
    }
    return parseConfigValue(raw);
  }
  return null;
}
function parseConfigValue(raw) {
  let out = "";
  let inQuote = false;
  let pendingSpace = "";
  let started = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (!inQuote && (c === "#" || c === ";")) break;
    if (!inQuote && (c === " " || c === "	")) {
      if (started) pendingSpace += c;
      continue;
    }
    out += pendingSpace;
    pendingSpace = "";
    started = true;
    if (c === '"') {
      inQuote = !inQuote;
      continue;
    }
    if (c === "\\" && i + 1 < raw.length) {
      const n = raw[++i];
      out += n === "n" ? "\n" : n === "t" ? "	" : n === "b" ? "\b" : n;
      continue;
    }
    out += c;
  }
  return out;
}
function unquote(v) {
  const s = v.trim();
  if (s.length >= 2 && (s.startsWith('"') && s.endsWith('"') || s.startsWith("'") && s.endsWith("'"))) {
    return s.slice(1, -1);
  }
  return s;
}
function yamlTopLevelName(text) {
  for (const line of text.split(/\r?\n/)) {
    const m = /^name:[ \t]*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[1].trim();
    if (v.startsWith('"') || v.startsWith("'")) {
      const q = v[0];
      const end = v.indexOf(q, 1);
      v = end > 0 ? v.slice(1, end) : v.slice(1);
    } else {
      v = v.replace(/\s+#.*$/, "").trim();
      if (/^[|>&*!]/.test(v)) return null;
    }
    return v || null;
  }
  return null;
}
function tomlName(text, tables) {
  const found = /* @__PURE__ */ new Map();
  let table = "";
  for (const line of text.split(/\r?\n/)) {
    const t = /^\s*(\[\[?)\s*([^\][]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (t) {
      table = t[1] === "[[" ? "" : t[2].replace(/\s*\.\s*/g, ".").replace(/["']/g, "");
      continue;
    }
    if (!tables.includes(table) || found.has(table)) continue;
    const m = /^\s*name\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*')/.exec(line);
    if (m) found.set(table, m[1].startsWith('"') ? m[1].slice(1, -1).replace(/\\(.)/g, "$1") : m[1].slice(1, -1));
  }
  for (const t of tables) {
    const v = found.get(t);
    if (v) return v;
  }
  return null;
}
var MARKERS = [
  ["agent.yml", yamlTopLevelName],
  ["agent.yaml", yamlTopLevelName],
  [
    "package.json",
    (text) => {
      try {
        const j = JSON.parse(text);
        const name = j && typeof j === "object" ? j.name : void 0;
        return typeof name === "string" ? name.replace(/^@/, "") : null;
      } catch {
        return null;
      }
    }
  ],
  ["Cargo.toml", (text) => tomlName(text, ["package"])],
  ["pyproject.toml", (text) => tomlName(text, ["project", "tool.poetry"])],
  [
    "go.mod",
    (text) => {
      for (const line of text.split(/\r?\n/)) {
        const m = /^\s*module\s+(.+?)\s*(\/\/.*)?$/.exec(line);
        if (m) return unquote(m[1]).replace(/^`|`$/g, "") || null;
      }
      return null;
    }
  ]
];
function markerIdentity(root) {
  for (const [file, read] of MARKERS) {
    const text = readText(path6.join(root, file));
    if (text === null) continue;
    const name = read(text);
    if (!name) continue;
    const id = sanitizeIdentity(`local/${name}`);
    if (id !== null && id !== "local") return id;
  }
  return null;
}
function realpathOr(p) {
  try {
    return fs5.realpathSync(p);
  } catch {
    return p;
  }
}
function originIdentity(gitRoot) {
  const url = readOriginUrl(gitRoot);
  return url === null ? null : normalizeRemoteUrl(url);
}
function projectIdentity(dir, pinned, origin = originIdentity) {
  const absDir = path6.resolve(dir);
  const gitRoot = findGitRoot(absDir);
  const root = gitRoot ?? absDir;
  const pins = /* @__PURE__ */ new Map();
  for (const [k, v] of Object.entries(pinned)) {
    if (!path6.isAbsolute(k)) continue;
    const id = sanitizeIdentity(v);
    if (id !== null) pins.set(path6.resolve(k), id);
  }
  if (pins.size > 0) {
    for (const candidate of [root, realpathOr(root), absDir, realpathOr(absDir)]) {
      const id = pins.get(candidate);
      if (id !== void 0) return { identity: id, root, how: "pinned" };
    }
  }
  if (gitRoot !== null) {
    const id = origin(gitRoot);
    if (id !== null) return { identity: id, root, how: "origin" };
  }
  const marker = markerIdentity(root);
  if (marker !== null) return { identity: marker, root, how: "marker" };
  if (gitRoot !== null) {
    const id = sanitizeIdentity(`local/${path6.basename(root)}`);
    if (id !== null && id !== "local") return { identity: id, root, how: "marker" };
  }
  return null;
}

// src/sources/roots.ts
var import_picomatch = __toESM(require_picomatch2(), 1);
import fs7 from "node:fs";
import path8 from "node:path";

// src/sources/identityCache.ts
import fs6 from "node:fs";
import path7 from "node:path";
var RACY_MS = 2e3;
function stampOf(p, now) {
  const st = fs6.statSync(p, { throwIfNoEntry: false });
  if (!st) return { stamp: "-", recent: false };
  if (st.isDirectory()) return { stamp: `d${st.ino}`, recent: false };
  const recent = Math.max(st.mtimeMs, st.ctimeMs) > now - RACY_MS;
  return { stamp: `f${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`, recent };
}
var watched = (dirs) => [path7.join(dirs.gitDir, "commondir"), ...originConfigFiles(dirs)];
function dirsOf(root, e) {
  const gitDir = e.gitDir ?? path7.join(root, ".git");
  return { gitDir, commonDir: e.commonDir ?? gitDir };
}
var isEntry = (e) => {
  const o = e;
  return !!o && typeof o.id === "string" && sanitizeIdentity(o.id) === o.id && (o.gitDir === void 0 || typeof o.gitDir === "string") && (o.commonDir === void 0 || typeof o.commonDir === "string") && Array.isArray(o.stamps) && o.stamps.length === 4 && o.stamps.every((s) => typeof s === "string");
};
function identityCache(loaded) {
  const old = loaded?.entries ?? {};
  const next = {};
  const mains = /* @__PURE__ */ new Map();
  let changed = false;
  const fresh = (root, e, now) => {
    const dirs = dirsOf(root, e);
    const files = [path7.join(root, ".git"), ...watched(dirs)];
    return files.every((f, i) => stampOf(f, now).stamp === e.stamps[i]) ? dirs : null;
  };
  return {
    origin(root) {
      const now = Date.now();
      const e = Object.hasOwn(old, root) && isEntry(old[root]) ? old[root] : void 0;
      const kept = e && fresh(root, e, now);
      if (e && kept) {
        next[root] = e;
        mains.set(root, memoryRootIn(root, kept));
        return e.id;
      }
      changed = true;
      const read = readIdentity(root, now);
      if (read?.entry) next[root] = read.entry;
      if (read) mains.set(root, memoryRootIn(root, read.dirs));
      return read?.id ?? null;
    },
    main: (root) => mains.get(root) ?? memoryRootOf(root),
    result: () => ({
      record: { version: 1, entries: next },
      changed: changed || Object.keys(old).some((k) => !Object.hasOwn(next, k))
    })
  };
}
function readIdentity(root, now) {
  const dotGit = stampOf(path7.join(root, ".git"), now);
  const dirs = resolveGitDirs(root);
  if (!dirs) return null;
  const stamps = [dotGit, ...watched(dirs).map((f) => stampOf(f, now))];
  const url = originUrlIn(dirs);
  const id = url === null ? null : normalizeRemoteUrl(url);
  if (id === null || stamps.some((s) => s.recent)) return { id, dirs };
  const plain = path7.join(root, ".git");
  const entry = {
    id,
    ...dirs.gitDir !== plain ? { gitDir: dirs.gitDir } : {},
    ...dirs.commonDir !== dirs.gitDir ? { commonDir: dirs.commonDir } : {},
    stamps: stamps.map((s) => s.stamp)
  };
  return { id, dirs, entry };
}
var recordFile = (home) => path7.join(home, "state", "identities.json");
function loadIdentityRecord(home) {
  try {
    const v = JSON.parse(fs6.readFileSync(recordFile(home), "utf8"));
    if (v && v.version === 1 && v.entries && typeof v.entries === "object" && !Array.isArray(v.entries)) return v;
  } catch {
  }
  return null;
}
function saveIdentityRecord(home, record) {
  const target = recordFile(home);
  ensureDir(path7.dirname(target), "the state folder");
  checkedWrite(target, JSON.stringify(record), { fsync: false, what: "the record of project identities" });
}

// src/sources/roots.ts
function buildRoots(settings, configDir, projectPaths, env = process.env, identities = identityCache(null)) {
  const roots = [];
  const notes = [];
  const { sources } = settings;
  if (sources.claudeAutoMemory) {
    const auto = autoMemoryRoots(settings, configDir, projectPaths, env, identities);
    roots.push(...auto.roots);
    notes.push(...auto.notes);
  }
  if (sources.claudeUserMemory) {
    roots.push({
      source: USER_MEMORY,
      label: "user",
      repoPrefix: "user/",
      liveDir: configDir,
      include: ["CLAUDE.md", "rules/**/*.md"],
      exclude: []
    });
  }
  for (const f of sources.files) {
    roots.push({
      source: `files:${f.name}`,
      label: f.name,
      repoPrefix: `files/${f.name}/`,
      liveDir: path8.resolve(expandHome(f.root)),
      include: f.include,
      exclude: f.exclude
    });
  }
  roots.sort((a, b) => b.repoPrefix.length - a.repoPrefix.length || a.repoPrefix.localeCompare(b.repoPrefix));
  return { roots, notes };
}
var folder = (source, label, repoPrefix, liveDir) => ({
  source,
  label,
  repoPrefix,
  liveDir,
  include: ["**/*"],
  exclude: []
});
function autoMemoryRoots(settings, configDir, projectPaths, env, identities) {
  const roots = [folder(AGENT_MEMORY, "agent-memory", "agent-memory/", path8.join(configDir, "agent-memory"))];
  const notes = /* @__PURE__ */ new Set();
  const projectsDir = path8.join(configDir, "projects");
  const user = userLayer(configDir);
  const guards = memoryGuards(configDir, env);
  const memoryKeys = listMemoryKeys(projectsDir);
  const { projects, keys } = identifyProjects(settings, memoryKeys, projectPaths, notes, identities);
  const autoOf = (c) => {
    const a = autoMemoryOf(c.root, user, env, guards.project(c.root, c.main));
    for (const n of a.notes) notes.add(n);
    return a;
  };
  let shared = null;
  for (const [identity, checkout] of projects) {
    const { key, root, others } = checkout;
    const local = localAgentMemory(root, notes);
    if (local)
      roots.push(
        folder(AGENT_MEMORY, `${identity} (agent-memory-local)`, `projects/${identity}/agent-memory-local/`, local)
      );
    const auto = autoOf(checkout);
    if (!auto.enabled) continue;
    if (auto.scope === "user") shared = auto.dir;
    const liveDirOf = (k, a) => a.dir && a.scope !== "user" ? a.dir : path8.join(projectsDir, k, "memory");
    const liveDir = liveDirOf(key, auto);
    const r = folder(AUTO_MEMORY, identity, `projects/${identity}/memory/`, liveDir);
    const mirrors = auto.scope === "user" ? [] : others.flatMap((o) => {
      const a = autoOf(o);
      return a.enabled ? [liveDirOf(o.key, a)] : [];
    });
    const distinct = [...new Set(mirrors)].filter((d) => d !== liveDir && d !== shared);
    roots.push(distinct.length ? { ...r, mirrors: distinct } : r);
  }
  const fallback = autoMemoryOf(null, user, env, guards.user);
  for (const n of fallback.notes) notes.add(n);
  if (fallback.enabled && fallback.scope === "user") shared = fallback.dir;
  if (shared) roots.push(folder(AUTO_MEMORY, "auto-memory", "auto-memory/", shared));
  if (!fallback.enabled) return { roots, notes: [...notes] };
  for (const key of memoryKeys) {
    if (!keys.has(key))
      roots.push(
        folder(AUTO_MEMORY, `unmapped/${key}`, `unmapped/${key}/memory/`, path8.join(projectsDir, key, "memory"))
      );
  }
  return { roots, notes: [...notes] };
}
function localAgentMemory(root, notes) {
  const dir = path8.join(root, ".claude", "agent-memory-local");
  if (!fs7.lstatSync(path8.join(root, ".claude"), { throwIfNoEntry: false })) return dir;
  const rel = path8.relative(onDisk(root), onDisk(dir));
  if (rel.split(path8.sep)[0] !== ".." && !path8.isAbsolute(rel)) return dir;
  notes.add(
    `${dir} is refused: it is a link to ${onDisk(dir)}, outside the project; memsync neither reads nor writes it: make it a folder of the project`
  );
  return null;
}
function identifyProjects(settings, memoryKeys, projectPaths, notes, identities) {
  const localKeys = new Set(memoryKeys);
  const byIdentity = /* @__PURE__ */ new Map();
  const pinned = pinsOf(settings);
  const candidates = [...new Set([...projectPaths, ...Object.keys(pinned)].map((p) => path8.resolve(p)))].sort();
  const keyOwners = /* @__PURE__ */ new Map();
  for (const dir of candidates) {
    const id = projectIdentity(dir, pinned, (root) => identities.origin(root));
    if (!id) continue;
    const main = identities.main(id.root);
    const key = claudeProjectKey(main);
    const prev = keyOwners.get(key);
    if (prev !== void 0 && prev !== id.identity) {
      notes.add(`two projects share the Claude Code folder ${key} (${prev}, ${id.identity}); syncing it as ${prev}`);
      continue;
    }
    keyOwners.set(key, id.identity);
    const hasMemory = localKeys.has(key);
    const seen = byIdentity.get(id.identity);
    const here = { key, hasMemory, root: id.root, main };
    if (seen && seen.key !== key) {
      const { others, ...primary } = seen;
      if (!seen.hasMemory && hasMemory) byIdentity.set(id.identity, { ...here, others: [...others, primary] });
      else others.push(here);
      continue;
    }
    if (!seen) byIdentity.set(id.identity, { ...here, others: [] });
  }
  const owned = [...byIdentity.values()].flatMap((v) => [v.key, ...v.others.map((o) => o.key)]);
  return { projects: byIdentity, keys: new Set(owned) };
}
function pinsOf(settings) {
  return Object.fromEntries(Object.entries(settings.projects).map(([p, id]) => [path8.resolve(expandHome(p)), id]));
}
function listMemoryKeys(projectsDir) {
  let names;
  try {
    names = fs7.readdirSync(projectsDir);
  } catch {
    return [];
  }
  return names.filter((n) => {
    try {
      return !!fs7.statSync(path8.join(projectsDir, n, "memory"), { throwIfNoEntry: false })?.isDirectory();
    } catch {
      return false;
    }
  });
}
function longestFolderPrefix(byPrefix, p) {
  for (let i = p.lastIndexOf("/"); i > 0; i = p.lastIndexOf("/", i - 1)) {
    if (byPrefix.has(p.slice(0, i + 1))) return p.slice(0, i + 1);
  }
  return void 0;
}
var CONFLICT_COPY = /\.conflict-[A-Za-z0-9._-]+-\d{8}T\d{6}Z(\.[^./]*)?$/;
function isConflictCopy(name) {
  return CONFLICT_COPY.test(name);
}
var matchers = /* @__PURE__ */ new Map();
function matcherOf(globs) {
  if (!globs.length) return () => false;
  const key = JSON.stringify(globs);
  let m = matchers.get(key);
  if (!m) matchers.set(key, m = (0, import_picomatch.default)([...globs], { dot: true }));
  return m;
}
var basesKept = /* @__PURE__ */ new Map();
function basesOf(globs) {
  const key = JSON.stringify(globs);
  let b = basesKept.get(key);
  if (!b) basesKept.set(key, b = globs.map((g) => import_picomatch.default.scan(g).base));
  return b;
}
function makeFilter(root, globalExclude) {
  const everything = root.include.length === 1 && root.include[0] === "**/*";
  const inc = everything ? () => true : matcherOf(root.include);
  const exc = matcherOf(root.exclude);
  const globalExc = matcherOf(globalExclude);
  const bases = basesOf(root.include);
  return {
    includes(rel) {
      if (isConflictCopy(rel) || isTempName(rel.slice(rel.lastIndexOf("/") + 1))) return false;
      return inc(rel) && !exc(rel) && !globalExc(root.repoPrefix + rel) && !globalExc(rel);
    },
    // Only walk into folders an include pattern can reach (user memory must not walk projects/).
    mayContain(relDir) {
      if (isDotGit(relDir.slice(relDir.lastIndexOf("/") + 1))) return false;
      return bases.some(
        (b) => b === "" || b === "." || b.startsWith(`${relDir}/`) || relDir === b || relDir.startsWith(`${b}/`)
      );
    }
  };
}

export {
  isDotGit,
  require_picomatch2 as require_picomatch,
  containProblem,
  normalizeRemoteUrl,
  claudeMemoryDirOf,
  projectIdentity,
  identityCache,
  loadIdentityRecord,
  saveIdentityRecord,
  buildRoots,
  pinsOf,
  longestFolderPrefix,
  isConflictCopy,
  makeFilter
};
