"""Vocabulary for the benchmark's Spanish-like texts, written for this harness.

The words are common Spanish words of customer service; sentences are random strings of
them, so the texts have realistic length and letter frequencies but say nothing.
"""

_WORDS_TEXT = """
el la los las un una unos unas de del al en con por para sin sobre entre desde hasta hacia
que cuando donde como pero porque aunque si no muy más menos ya todavía también nunca siempre
otra vez desde hace varios meses cada semana hoy ayer mañana tarde noche mes año día
cliente usuario suscriptor servicio factura cobro pago recibo cuenta contrato medidor lectura
consumo tarifa valor saldo deuda interés recargo descuento subsidio estrato acueducto energía
alcantarillado gas aseo conexión reconexión suspensión corte daño fuga tubería poste cable
transformador calle barrio vereda municipio ciudad dirección teléfono correo mensaje llamada
oficina sede ventanilla asesor funcionario técnico cuadrilla visita revisión inspección
radicado número solicitud petición queja reclamo sugerencia denuncia felicitación respuesta
plazo término trámite documento copia certificado cédula constancia soporte fotografía
información explicación aclaración corrección devolución reembolso compensación acuerdo
problema error falla demora retraso incumplimiento cobro doble lectura estimada promedio
he hemos han fue fueron estaba estaban está están tengo tiene tenemos quiero solicito pido
requiero espero agradezco necesito recibí recibimos llegó llegaron cobraron suspendieron
cortaron cambiaron instalaron revisaron reportamos reporté informaron indicaron dijeron
prometieron respondieron atendieron corregir revisar verificar aclarar devolver anular
reconectar reparar cambiar instalar enviar explicar responder visitar medir facturar
bueno malo grave urgente pendiente resuelto incompleto incorrecto alto excesivo injusto
nuevamente inmediatamente amablemente lamentablemente anteriormente actualmente realmente
señor señora señores gracias favor atentamente cordialmente respetuosamente usted ustedes
mi mis su sus nuestro nuestra este esta ese esa mismo misma todo toda todos ningún ninguna
casa apartamento local negocio familia hijos vecinos adulto mayor madre padre trabajo
"""
WORDS = _WORDS_TEXT.split()

_FIRST_NAMES_TEXT = """
Ana Andrés Beatriz Camilo Carolina Daniel Diana Eduardo Elena Fernando Gloria Gustavo
Héctor Isabel Jaime Juliana Luis Luz Manuel Marta Natalia Óscar Paola Pedro Ricardo Rosa
Santiago Sofía Valentina Víctor Yolanda Alejandro Catalina Jorge Laura Mauricio Patricia
"""
FIRST_NAMES = _FIRST_NAMES_TEXT.split()

_LAST_NAMES_TEXT = """
Agudelo Álvarez Arango Bedoya Betancur Cardona Castaño Correa Duque Echeverri Franco Gaviria
Giraldo Gómez González Hernández Jaramillo López Londoño Marín Mejía Montoya Muñoz Ochoa
Osorio Ospina Pérez Quintero Ramírez Restrepo Rincón Ríos Rodríguez Salazar Sánchez Toro
Uribe Valencia Vargas Vélez Zapata Zuluaga
"""
LAST_NAMES = _LAST_NAMES_TEXT.split()

# Second-level areas (divisions) and the leaves below them, cycled when more are asked for.
DIVISIONS = [
    "Servicio al Cliente",
    "Operaciones",
    "Gestión Comercial",
    "Finanzas",
    "Talento Humano",
    "Tecnología",
]
LEAVES = [
    "Facturación",
    "Atención en Oficinas",
    "Centro de Contacto",
    "Acueducto",
    "Alcantarillado",
    "Distribución de Energía",
    "Medición y Lectura",
    "Cartera y Cobranza",
    "Nómina",
    "Contabilidad",
    "Tesorería",
    "Redes de Gas",
    "Aseo y Recolección",
    "Alumbrado Público",
    "Nuevas Conexiones",
    "Peticiones Escritas",
    "Canales Digitales",
    "Pérdidas y Fraudes",
    "Laboratorio de Medidores",
    "Mantenimiento",
    "Proyectos",
    "Selección de Personal",
    "Soporte de Sistemas",
    "Archivo y Correspondencia",
]
TOUCHPOINTS = [
    ("Portal web y app", "web"),
    ("Línea de atención 24 horas", "call_center"),
    ("Oficina Centro", "office"),
    ("Oficina Sur", "office"),
    ("Oficina Norte", "office"),
    ("Factura de servicios", "invoice"),
    ("Lectura del medidor", "field_visit"),
    ("Reparación de daños", "field_visit"),
    ("Correo de atención", "email"),
    ("Redes sociales", "social_media"),
    ("Correspondencia física", "letter"),
    ("Puntos de pago", "other"),
]
