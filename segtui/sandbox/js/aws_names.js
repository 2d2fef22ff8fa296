// The names of aws-sdk's classes and functions as the Node SDK 2.1693.0 (Segment's AWS) has them. The browser build
// segtui runs is minified: a class made by AWS.util.inherit({constructor: function Credentials() {…}}) is named
// "constructor" there (or a minifier's letter), so console.log showed `constructor { wrapperName: 'Set', … }` for a
// DynamoDB set and `constructor {…}` for an Endpoint, and `x.constructor.name` told no class apart.
// The conformance fixture aws_class_names compares every name reachable from AWS with the Node SDK's.
(function (global) {
  "use strict";
  const NODE_NAMES = {
    "Signers.RequestSigner": "RequestSigner", "Signers.RequestSigner.getVersion": "getVersion", "Signers.V4": "V4",
    "Signers.Bearer": "Bearer", "JSON.Builder": "JsonBuilder", "JSON.Parser": "JsonParser",
    "EndpointCache": "EndpointCache", "SequentialExecutor": "SequentialExecutor", "Service": "Service",
    "Credentials": "Credentials", "Credentials.addPromisesToClass": "addPromisesToClass",
    "Credentials.deletePromisesFromClass": "deletePromisesFromClass", "CredentialProviderChain": "CredentialProviderChain",
    "CredentialProviderChain.addPromisesToClass": "addPromisesToClass",
    "CredentialProviderChain.deletePromisesFromClass": "deletePromisesFromClass", "Config": "Config",
    "Endpoint": "Endpoint", "HttpRequest": "HttpRequest", "HttpResponse": "HttpResponse",
    "HttpClient.getInstance": "getInstance", "Request": "Request", "Request.addPromisesToClass": "addPromisesToClass",
    "Request.deletePromisesFromClass": "deletePromisesFromClass", "Response": "Response",
    "ParamValidator": "ParamValidator", "TemporaryCredentials": "TemporaryCredentials",
    "ChainableTemporaryCredentials": "ChainableTemporaryCredentials", "WebIdentityCredentials": "WebIdentityCredentials",
    "CognitoIdentityCredentials": "CognitoIdentityCredentials", "SAMLCredentials": "SAMLCredentials",
    "CloudFront.Signer": "Signer", "DynamoDB.Converter.input": "convertInput", "DynamoDB.Converter.marshall": "marshallItem",
    "DynamoDB.Converter.output": "convertOutput", "DynamoDB.DocumentClient": "DocumentClient",
    "Polly.Presigner": "Signer", "RDS.Signer": "Signer",
    "S3.ManagedUpload": "ManagedUpload", "S3.ManagedUpload.addPromisesToClass": "addPromisesToClass",
    "S3.ManagedUpload.deletePromisesFromClass": "deletePromisesFromClass", "S3.addPromisesToClass": "addPromisesToClass",
    "S3.deletePromisesFromClass": "deletePromisesFromClass",
    // The Node-only classes aws_services.js stands in for.
    "EC2MetadataCredentials": "EC2MetadataCredentials", "ECSCredentials": "RemoteCredentials",
    "EnvironmentCredentials": "EnvironmentCredentials", "FileSystemCredentials": "FileSystemCredentials",
    "IniLoader": "IniLoader", "MetadataService": "MetadataService", "ProcessCredentials": "ProcessCredentials",
    "RemoteCredentials": "RemoteCredentials", "SSOTokenProvider": "SSOTokenProvider",
    "SharedIniFileCredentials": "SharedIniFileCredentials", "SsoCredentials": "SsoCredentials", "Token": "Token",
    "TokenFileWebIdentityCredentials": "TokenFileWebIdentityCredentials", "TokenProviderChain": "TokenProviderChain",
  };
  // The set and number wrappers DynamoDB's converter makes, reached through an instance (the SDK exports neither).
  const WRAPPERS = { Set: (AWS) => AWS.DynamoDB.DocumentClient.prototype.createSet.call(null, [1]), NumberValue:
    (AWS) => AWS.DynamoDB.Converter.output({ N: "1" }, { wrapNumbers: true }) };

  function named(fn, name) {
    if (typeof fn === "function" && fn.name !== name) Object.defineProperty(fn, "name", { value: name, configurable: true });
  }

  function nodeNames(AWS) {
    for (const [path, name] of Object.entries(NODE_NAMES)) named(path.split(".").reduce((at, key) => at && at[key], AWS), name);
    for (const [name, make] of Object.entries(WRAPPERS)) named(make(AWS).constructor, name);
    return AWS;
  }

  global.__segtui.awsNodeNames = nodeNames;
})(globalThis);
