/**
 * Distribution writers for a built packet: the landing page, the OPDS 1.2 and 2.0 feeds, the
 * booklet imposition, the QR code of the packet's address and the zip to hand out. `imprint
 * packet` calls them with the Catalogue it made (src/distribute/catalogue.ts); `imprint build`
 * uses the booklet. Each lives in its own module; this one keeps the contract's names.
 */
export type { Catalogue, CatalogueEdition, CatalogueEntry, CatalogueFile, CatalogueImage, CataloguePart, CataloguePerson, Role } from "./catalogue.js";
export { landingPage, LANDING_STYLES, LANDING_TEMPLATE, type LandingOptions } from "./landing.js";
export { opdsJson, opdsXml, OPDS_JSON_NAME, OPDS_XML_NAME, ACQUISITION_FEED_TYPE, OPDS_JSON_TYPE } from "./opds.js";
export { imposeBooklet, bookletOrder, bookletInstructions, defaultSheet, SHEETS, BOOKLET_MARGIN, type BookletOptions, type BookletResult, type SheetName, type SheetSide } from "./booklet.js";
export { bookletRequest, IMPOSITIONS, type BookletFlags, type BookletRequest, type Imposition } from "./booklet-options.js";
export { qrSvg, type QrOptions } from "./qr.js";
export { zipFiles, zipFolder, type ZipFilesOptions, type ZipOptions } from "./zip.js";
export { humanSize } from "./links.js";
