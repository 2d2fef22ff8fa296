// The XML reading of the Node aws-sdk v2 (its lib/xml/node_parser.js: xml2js over sax), for the browser build
// segtui runs: the browser build reads XML with a DOMParser, which differs from Node's on what it accepts (text
// after the root element, a second root, an unknown entity), on the message of what it refuses ("Parse error in
// document" where Node gives sax's "Non-whitespace before first tag.\nLine: 0…"), on a blank body, and on
// namespaced attributes (S3's Grantee `xsi:type`, which Node reads as `Type`).
(function (global) {
  "use strict";
  const internal = global.__segtui;
  // The options the Node SDK gives xml2js.
  const OPTIONS = {
    explicitCharkey: false, trim: false, normalize: false, explicitRoot: false, emptyTag: null,
    explicitArray: true, ignoreAttrs: false, mergeAttrs: false, validator: null,
  };
  const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  // A parser class for AWS.XML.Parser that reads as the Node SDK's does, with xml2js from `loadXml2js()`.
  function nodeXmlParser(AWS, loadXml2js) {
    const util = AWS.util;
    const Shape = AWS.Model.Shape;

    function parseXml(xml, shape) {
      switch (shape.type) {
        case "structure": return parseStructure(xml, shape);
        case "map": return parseMap(xml, shape);
        case "list": return parseList(xml, shape);
        case undefined: case null: return parseUnknown(xml);
        default: return parseScalar(xml, shape);
      }
    }

    function parseStructure(xml, shape) {
      const data = {};
      if (xml === null) return data;
      util.each(shape.members, (memberName, memberShape) => {
        const xmlName = memberShape.name;
        if (hasOwn(xml, xmlName) && Array.isArray(xml[xmlName])) {
          const child = memberShape.flattened ? xml[xmlName] : xml[xmlName][0];
          data[memberName] = parseXml(child, memberShape);
        } else if (memberShape.isXmlAttribute && xml.$ && hasOwn(xml.$, xmlName)) {
          data[memberName] = parseScalar(xml.$[xmlName], memberShape);
        } else if (memberShape.type === "list" && !shape.api.xmlNoDefaultLists) {
          data[memberName] = memberShape.defaultValue;
        }
      });
      return data;
    }

    function parseMap(xml, shape) {
      const data = {};
      if (xml === null) return data;
      const xmlKey = shape.key.name || "key";
      const xmlValue = shape.value.name || "value";
      const entries = shape.flattened ? xml : xml.entry;
      if (Array.isArray(entries)) {
        util.arrayEach(entries, (child) => {
          data[child[xmlKey][0]] = parseXml(child[xmlValue][0], shape.value);
        });
      }
      return data;
    }

    function parseList(xml, shape) {
      const data = [];
      const name = shape.member.name || "member";
      if (shape.flattened) {
        util.arrayEach(xml, (child) => {
          data.push(parseXml(child, shape.member));
        });
      } else if (xml && Array.isArray(xml[name])) {
        util.arrayEach(xml[name], (child) => {
          data.push(parseXml(child, shape.member));
        });
      }
      return data;
    }

    function parseScalar(text, shape) {
      if (text && text.$ && text.$.encoding === "base64") shape = new Shape.create({ type: text.$.encoding });
      if (text && text._) text = text._;
      return typeof shape.toType === "function" ? shape.toType(text) : text;
    }

    function parseUnknown(xml) {
      if (xml === undefined || xml === null) return "";
      if (typeof xml === "string") return xml;
      if (Array.isArray(xml)) return xml.map((item) => parseXml(item, {}));
      const keys = Object.keys(xml);
      if (keys.length === 0 || (keys.length === 1 && keys[0] === "$")) return {};
      const data = {};
      for (const key of keys) {
        if (key === "$") continue;
        const value = xml[key];
        data[key] = value.length > 1 ? parseList(value, { member: {} }) : parseXml(value[0], {});
      }
      return data;
    }

    function NodeXmlParser() {}
    NodeXmlParser.prototype.parse = function (xml, shape) {
      shape = shape || {};
      let result = null;
      let error = null;
      new (loadXml2js().Parser)(OPTIONS).parseString(xml, (e, r) => {
        error = e;
        result = r;
      });
      if (result) {
        const data = parseXml(result, shape);
        if (result.ResponseMetadata) data.ResponseMetadata = parseXml(result.ResponseMetadata[0], {});
        return data;
      }
      if (error) throw util.error(error, { code: "XMLParserError", retryable: true });
      return parseXml({}, shape);
    };
    return NodeXmlParser;
  }

  internal.awsXml = { nodeXmlParser };
})(globalThis);
